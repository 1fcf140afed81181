package org.atlas.budget.api;

import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The recording pipeline: validate, price, deduplicate, persist, aggregate, publish.
 *
 * <p>A record returned by these methods is durable: it survives a crash of the process.
 */
@ProviderType
public interface UsageTracker {

    /**
     * Prices the report at its timestamp and records it. Idempotent on the request id: a retry
     * returns the record stored the first time and charges nothing again.
     */
    UsageRecord record(UsageReport report);

    /**
     * Records a report with a charge already computed and the budgets it was charged to, as the
     * interceptor does when it settles. The ledger entries are stored in the same transaction as
     * the record. Idempotent on the request id.
     */
    UsageRecord record(UsageReport report, Charge charge, List<LedgerEntry> ledger);

    /** Records several reports; each is idempotent on its request id. */
    List<UsageRecord> recordAll(List<UsageReport> reports);

    Optional<UsageRecord> find(String requestId);

    /** History with filters and keyset pagination. */
    Page<UsageRecord> history(UsageQuery query);
}
