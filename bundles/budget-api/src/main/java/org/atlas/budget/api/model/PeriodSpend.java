package org.atlas.budget.api.model;

/**
 * What one bucket of a policy was charged in one period (for a rolling window, in one time slot
 * of it), summed from the ledger entries of the stored records.
 *
 * @param bucket the policy, scope value and period (or slot) start
 * @param spent  the sum charged, in the policy's currency
 */
public record PeriodSpend(BucketKey bucket, Money spent) {

    public PeriodSpend {
        Checks.required(bucket, "bucket");
        Checks.required(spent, "spent");
    }
}
