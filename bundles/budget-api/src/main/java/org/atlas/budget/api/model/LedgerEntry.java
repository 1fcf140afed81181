package org.atlas.budget.api.model;

/**
 * One budget a recorded call was charged to, and how much: the link between the usage log and
 * the ledger. The store keeps these with the record, in the same transaction, so the ledger can
 * be rebuilt exactly after a restart and always equals the sum of what was recorded.
 *
 * <p>For a rolling-window policy the bucket's {@code periodStart} is the start of the time slot
 * the charge falls in (the window divided into slots), so the window can be summed again.
 *
 * @param bucket the bucket charged
 * @param amount what was charged to it, in the policy's currency; never negative
 */
public record LedgerEntry(BucketKey bucket, Money amount) {

    public LedgerEntry {
        Checks.required(bucket, "bucket");
        Checks.required(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a ledger entry must not be negative, was " + amount);
        }
    }
}
