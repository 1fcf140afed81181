package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * A recorded, priced call: the append-only unit of history.
 *
 * @param report     what the host observed
 * @param charge     what it was charged, at which price version
 * @param recordedAt when the record was accepted
 */
public record UsageRecord(UsageReport report, Charge charge, Instant recordedAt) {

    public UsageRecord {
        Checks.required(report, "report");
        Checks.required(charge, "charge");
        Checks.required(recordedAt, "recordedAt");
    }

    public String requestId() {
        return report.requestId();
    }
}
