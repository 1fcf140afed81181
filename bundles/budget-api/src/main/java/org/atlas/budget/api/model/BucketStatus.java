package org.atlas.budget.api.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The state of one ledger bucket: one policy, one scope value, one period.
 *
 * @param policyId       the policy
 * @param scopeValue     the scope value of the bucket (the user, project ... or {@code *})
 * @param periodStart    the start of the period (for rolling windows, the start of the window)
 * @param resetsAt       when a new period begins, or {@code null} (lifetime, rolling)
 * @param spent          settled spend in the period
 * @param held           open holds of calls in flight
 * @param limit          the policy's limit
 * @param effectiveLimit the limit plus rolled-over budget
 */
public record BucketStatus(String policyId, String scopeValue, Instant periodStart, Instant resetsAt, Money spent,
        Money held, Money limit, Money effectiveLimit) {

    public BucketStatus {
        Checks.identifier(policyId, "policyId");
        Checks.required(scopeValue, "scopeValue");
        Checks.required(periodStart, "periodStart");
        Checks.required(spent, "spent");
        Checks.required(held, "held");
        Checks.required(limit, "limit");
        Checks.required(effectiveLimit, "effectiveLimit");
    }

    /** What is left: effective limit minus spent minus held; negative after an overspend. */
    public Money remaining() {
        return effectiveLimit.minus(spent).minus(held);
    }

    /** Spent plus held as a percentage of the effective limit, two decimals, rounded half-even. */
    public BigDecimal percent() {
        return spent.plus(held).amount().multiply(BigDecimal.valueOf(100))
                .divide(effectiveLimit.amount(), 2, RoundingMode.HALF_EVEN);
    }
}
