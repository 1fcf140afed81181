package org.atlas.budget.api.model;

import java.time.Instant;
import java.util.List;

/**
 * A recorded, priced call: the append-only unit of history.
 *
 * @param report     what the host observed
 * @param charge     what it was charged, at which price version
 * @param recordedAt when the record was accepted
 * @param ledger     the budgets it was charged to (empty when no policy matched, or when it was
 *                   recorded without the budget manager)
 */
public record UsageRecord(UsageReport report, Charge charge, Instant recordedAt, List<LedgerEntry> ledger) {

    public UsageRecord {
        Checks.required(report, "report");
        Checks.required(charge, "charge");
        Checks.required(recordedAt, "recordedAt");
        ledger = List.copyOf(ledger == null ? List.of() : ledger);
    }

    /** A record charged to no budget. */
    public UsageRecord(UsageReport report, Charge charge, Instant recordedAt) {
        this(report, charge, recordedAt, List.of());
    }

    public String requestId() {
        return report.requestId();
    }

    /** The same record with another charge, as an audited repricing writes it. */
    public UsageRecord withCharge(Charge newCharge) {
        return new UsageRecord(report, newCharge, recordedAt, ledger);
    }
}
