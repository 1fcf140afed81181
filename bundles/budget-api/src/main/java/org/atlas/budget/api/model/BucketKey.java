package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * Identifies one ledger bucket: spend is kept per policy, scope value and period start, so a
 * new period is a new bucket and never a reset of an old one.
 *
 * @param policyId    the policy
 * @param scopeValue  the scope value ({@code *} for a policy with one budget)
 * @param periodStart the start of the period
 */
public record BucketKey(String policyId, String scopeValue, Instant periodStart) {

    public BucketKey {
        policyId = Checks.identifier(policyId, "policyId");
        Checks.required(scopeValue, "scopeValue");
        Checks.required(periodStart, "periodStart");
    }
}
