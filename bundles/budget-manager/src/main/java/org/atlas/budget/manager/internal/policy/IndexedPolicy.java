package org.atlas.budget.manager.internal.policy;

import java.util.Currency;
import java.util.List;

import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Money;

/**
 * A policy with what every admission needs of it worked out once, when the index is built: its
 * limit in nano-units (a {@code BigDecimal} multiplication per match otherwise, under the bucket
 * locks), its thresholds as plain ints, and the reason an admission within it gives.
 */
public final class IndexedPolicy {

    private final BudgetPolicy policy;
    private final Currency currency;
    /** The limit in nano-units; {@code null} when it does not fit a long. */
    private final Long limitNanos;
    private final int[] thresholds;
    private final String withinReason;
    private final Money zero;
    /**
     * The ledger's buckets of this policy in its current period ({@code Ledger.Current}); typed
     * loosely so that the index does not depend on the ledger. Only a cache: the ledger's map of
     * buckets stays the truth, and a new index starts with none.
     */
    private volatile Object ledgerCache;

    public IndexedPolicy(BudgetPolicy policy) {
        this.policy = policy;
        this.currency = policy.limit().currency();
        this.limitNanos = nanosOrNull(policy);
        List<Integer> list = policy.thresholds();
        this.thresholds = new int[list.size()];
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = list.get(i);
        }
        this.withinReason = "within " + policy.id();
        this.zero = Money.zero(currency);
    }

    private static Long nanosOrNull(BudgetPolicy policy) {
        try {
            return policy.limit().toNanos();
        } catch (ArithmeticException e) {
            // Kept so that an admission against it fails as before, naming the overflow, and the
            // other policies of the index keep working.
            return null;
        }
    }

    public BudgetPolicy policy() {
        return policy;
    }

    public Currency currency() {
        return currency;
    }

    /** The limit in nano-units of {@link #currency()}; throws {@link ArithmeticException} past a long. */
    public long limitNanos() {
        return limitNanos != null ? limitNanos : policy.limit().toNanos();
    }

    /** The soft-limit percentage at {@code i} (ascending order). */
    public int threshold(int i) {
        return thresholds[i];
    }

    public int thresholdCount() {
        return thresholds.length;
    }

    /**
     * {@code nanos} as money of this policy's currency; zero and the limit itself come without
     * an allocation, as they are what most answers hold.
     */
    public Money money(long nanos) {
        if (nanos == 0) {
            return zero;
        }
        if (limitNanos != null && nanos == limitNanos) {
            return policy.limit();
        }
        return Money.ofNanos(nanos, currency);
    }

    public Object ledgerCache() {
        return ledgerCache;
    }

    public void ledgerCache(Object cache) {
        ledgerCache = cache;
    }

    /** The reason an admission within every threshold of this policy gives. */
    public String withinReason() {
        return withinReason;
    }
}
