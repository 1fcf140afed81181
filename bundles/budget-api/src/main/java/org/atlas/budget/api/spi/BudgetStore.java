package org.atlas.budget.api.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertState;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Durable storage of Atlas Budget's state. Implementations: embedded Apache Derby (the default)
 * and PostgreSQL. Registered as an OSGi service with {@value #BACKEND} naming the backend.
 *
 * <p>Every method either completes durably or throws
 * {@link org.atlas.budget.api.BudgetUnavailableException}; nothing is dropped silently, and no
 * method falls back to memory.
 */
@ConsumerType
public interface BudgetStore {

    /** Configuration PID of the store. */
    String PID = "org.atlas.budget.store";

    /** Service property: {@code derby} or {@code postgresql}. */
    String BACKEND = "atlas.budget.store.backend";

    /**
     * Appends usage records; returns when they are committed. Idempotent on the request id:
     * a record whose request id is already stored is not written again.
     *
     * @return the records that were new, in the order given
     */
    List<UsageRecord> append(List<UsageRecord> records);

    Optional<UsageRecord> findUsage(String requestId);

    /**
     * Committed spend per bucket: the sum of the ledger entries of every stored record, for the
     * buckets whose period (or, for rolling windows, slot) starts at or after {@code from}. The
     * manager rebuilds its ledger from this at start. Exact for every record committed before the
     * call; a store may keep the sums a few batches behind the records and fold those in first, but
     * never reads the whole raw log.
     */
    List<LedgerEntry> ledgerTotals(Instant from);

    /** Sums of the records from the rollups, grouped as asked; never the raw log. */
    List<RollupRow> rollups(RollupQuery query);

    /**
     * Sums of the rollups over several time ranges at once: every row {@link #rollups(RollupQuery)}
     * answers for each query, ordered by {@code bucketStart}. The queries must be split by time
     * ({@code byTime}), must not overlap, and must differ only in {@code from} and {@code to};
     * otherwise an {@link IllegalArgumentException} names the difference.
     *
     * <p>Reports in a zone other than UTC ask for a few hours next to each local midnight; a store
     * should answer those in one read rather than one per range. This default asks for each range in
     * turn (and checks nothing more than each query does).
     *
     * @since 1.1
     */
    default List<RollupRow> rollups(List<RollupQuery> queries) {
        List<RollupRow> rows = new ArrayList<>();
        for (RollupQuery query : queries) {
            rows.addAll(rollups(query));
        }
        rows.sort(Comparator.comparing(RollupRow::bucketStart, Comparator.nullsFirst(Comparator.naturalOrder())));
        return rows;
    }

    /**
     * Replaces the charge of stored records (an audited repricing; the caller writes the audit
     * entry), adjusting the rollups in the same transaction. The ledger entries, which say what
     * was enforced at the time, are left as they were.
     *
     * @return how many records were changed
     */
    int replaceCharges(List<UsageRecord> repriced);

    /**
     * Deletes raw records (and their ledger entries) of calls made before {@code before} (their
     * {@code UsageReport.timestamp()}, not when they were recorded: a record imported late ages from
     * its call); rollups and ledger totals stay.
     *
     * @return how many records were deleted
     */
    long pruneUsage(Instant before);

    /** History with filters and keyset pagination; never silently truncated. */
    Page<UsageRecord> queryUsage(UsageQuery query);

    List<BudgetPolicy> loadPolicies();

    void savePolicy(BudgetPolicy policy);

    boolean deletePolicy(String id);

    /** Open holds, so a restart does not forget reservations of calls still in flight. */
    List<Hold> openHolds();

    void saveHolds(List<Hold> holds);

    void endHolds(List<String> admissionIds);

    List<Alert> loadAlerts(AlertState state);

    void saveAlert(Alert alert);

    List<AlertRule> loadAlertRules();

    void saveAlertRule(AlertRule rule);

    boolean deleteAlertRule(String id);

    void audit(AuditEntry entry);

    /** The most recent audit entries, newest first. */
    List<AuditEntry> auditLog(int limit);
}
