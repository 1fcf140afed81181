package org.atlas.budget.manager.internal.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;

import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.UnpricedAction;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.manager.internal.ledger.Bucket;
import org.atlas.budget.manager.internal.ledger.PeriodWindow;
import org.atlas.budget.manager.internal.policy.IndexedPolicy;
import org.atlas.budget.manager.internal.policy.Target;

/**
 * How one policy judges one request against its bucket, in two steps. {@link #judge} reads the
 * bucket and must run while the bucket is locked, together with the hold that follows it: it
 * does long arithmetic only and captures the figures it judged by. {@link #explain} words the
 * judgement from those captured figures after the locks are released, so no string or answer
 * object is built while other admissions wait for the same buckets.
 */
final class Evaluation {

    // Eight of these are made for every admission and kept with its decision: no field here
    // that can be derived from another (the policy's figures are the target's, the sum of the
    // captured figures is worked out again where it is worded).
    final Target target;
    final Bucket bucket;
    final PeriodWindow window;
    /** The worst case in nano-units of the policy's currency, rounded up. */
    final long estimate;
    /** {@code null} when the model is priced for this policy: the usual case. */
    private final Unpriced unpriced;

    /**
     * The model had no price for this policy: estimated at the policy's fallback rates
     * ({@code outcome} null), flagged (WARN) or blocked (BLOCK), for the reason given.
     */
    private record Unpriced(Outcome outcome, String reason) {
    }

    // Captured under the lock by judge().
    long committed;
    long held;
    long effectiveLimit;
    Outcome outcome;
    Duration retryAfter;

    // Worded by explain(), after the locks.
    String reason;

    /**
     * @param quotedEstimate the quote's exact cost rounded up ({@link Money#RESERVE_ROUNDING}) to
     *                       nano-units of its currency, worked out once per admission; ignored
     *                       when the quote is unpriced or in another currency than the policy's
     */
    Evaluation(Target target, Bucket bucket, PeriodWindow window, Usage usage, Quote quote, long quotedEstimate) {
        this.target = target;
        this.bucket = bucket;
        this.window = window;
        BudgetPolicy policy = target.policy();
        Currency currency = target.indexed().currency();
        if (quote.isPriced() && quote.currency().equals(currency)) {
            this.estimate = quotedEstimate;
            this.unpriced = null;
            return;
        }
        // The quote is unpriced, or in another currency than the policy's (the same check
        // exactCost makes): never counted as free.
        BigDecimal exact = Enforcer.exactCost(policy, quote, usage);
        if (exact != null) {
            this.estimate = Money.of(exact, currency, Money.RESERVE_ROUNDING).toNanos();
            this.unpriced = new Unpriced(null, quote.provider() + "/" + quote.model() + " has no price; policy "
                    + policy.id() + " estimates it at its fallback rates");
            return;
        }
        this.estimate = 0;
        String why = quote.isPriced() ? "is priced in " + quote.currency().getCurrencyCode() + ", not "
                + currency.getCurrencyCode() : "has no price (" + quote.reason() + ")";
        if (policy.unpriced() == UnpricedAction.ALLOW_AND_FLAG) {
            this.unpriced = new Unpriced(Outcome.WARN, quote.provider() + "/" + quote.model() + " " + why
                    + "; policy " + policy.id() + " allows it and flags it");
        } else {
            this.unpriced = new Unpriced(Outcome.BLOCK, quote.provider() + "/" + quote.model() + " " + why
                    + "; policy " + policy.id() + (policy.unpriced() == UnpricedAction.FALLBACK
                            ? " has fallback rates for tokens only, and this call uses other units"
                            : " blocks unpriced models"));
        }
    }

    /** True when the model had no price for this policy (fallback, flagged or blocked). */
    boolean unpriced() {
        return unpriced != null;
    }

    private Outcome unpricedOutcome() {
        return unpriced == null ? null : unpriced.outcome();
    }

    BudgetPolicy policy() {
        return target.policy();
    }

    /**
     * Judges the request against the bucket as it stands; the bucket must be locked. Long
     * arithmetic only (and, for a THROTTLE, the rolling window's slots): the words come later.
     */
    void judge(Instant now, Duration throttleRetry) {
        IndexedPolicy indexed = target.indexed();
        committed = bucket.committed(now);
        held = bucket.held();
        effectiveLimit = Math.addExact(indexed.limitNanos(), bucket.carriedIn());
        retryAfter = null;
        long after = saturatedSum(committed, held, estimate);
        Outcome unpricedOutcome = unpricedOutcome();
        if (unpricedOutcome == Outcome.BLOCK) {
            outcome = Outcome.BLOCK;
            return;
        }
        if (after <= effectiveLimit) {
            outcome = thresholdReached(after) > 0 || unpricedOutcome == Outcome.WARN ? Outcome.WARN : Outcome.ALLOW;
            return;
        }
        BudgetPolicy policy = policy();
        outcome = Outcome.of(policy.action());
        if (policy.action() == LimitAction.THROTTLE) {
            retryAfter = retryAfter(now, after, throttleRetry);
            if (retryAfter == null) {
                outcome = Outcome.BLOCK;
            }
        }
    }

    /** The highest soft-limit threshold {@code after} reaches, or 0. */
    private int thresholdReached(long after) {
        IndexedPolicy indexed = target.indexed();
        for (int i = indexed.thresholdCount() - 1; i >= 0; i--) {
            if (reached(after, effectiveLimit, indexed.threshold(i))) {
                return indexed.threshold(i);
            }
        }
        return 0;
    }

    /** Words the judgement from the figures {@link #judge} captured; needs no lock. */
    void explain() {
        BudgetPolicy policy = policy();
        if (unpricedOutcome() == Outcome.BLOCK) {
            reason = unpriced.reason();
            return;
        }
        long after = saturatedSum(committed, held, estimate);
        if (after <= effectiveLimit) {
            if (unpricedOutcome() == Outcome.WARN) {
                reason = unpriced.reason();
                return;
            }
            // The figures are in the match's bucket status; no need to spell them out here.
            // judge() found no threshold reached when it allowed: only a WARN looks again.
            int thresholdReached = outcome == Outcome.WARN ? thresholdReached(after) : 0;
            reason = thresholdReached > 0
                    ? policy.id() + " would reach " + thresholdReached + "% of its limit: " + describe(after)
                    : target.indexed().withinReason();
            if (unpriced != null) {
                reason = reason + "; " + unpriced.reason();
            }
            return;
        }
        reason = policy.id() + " would exceed its limit: " + describe(after);
        if (policy.action() == LimitAction.WARN) {
            reason = reason + " (allowed: the policy only warns)";
        } else if (policy.action() == LimitAction.THROTTLE) {
            reason = retryAfter == null ? reason + "; waiting cannot make it fit in this period"
                    : reason + "; retry after " + retryAfter;
        }
    }

    /**
     * THROTTLE, precisely: the call waits until it is expected to fit. When open holds of calls
     * in flight are what keeps it out, they may settle below their estimates: a short retry.
     * In a rolling window, when enough spend ages out. In a calendar period, when the period
     * resets (if the call fits a fresh period at all). Otherwise it can never fit: {@code null}.
     */
    private Duration retryAfter(Instant now, long after, Duration throttleRetry) {
        if (saturatedSum(committed, 0, estimate) <= effectiveLimit && held > 0) {
            return throttleRetry;
        }
        if (policy().period().kind().isRolling()) {
            Instant freed = bucket.whenFreed(after - effectiveLimit, now);
            if (freed != null) {
                return atLeastOneMilli(Duration.between(now, freed));
            }
            return held > 0 ? throttleRetry : null;
        }
        if (window.end() != null && estimate <= target.indexed().limitNanos()) {
            return atLeastOneMilli(Duration.between(now, window.end()));
        }
        return null;
    }

    private static Duration atLeastOneMilli(Duration d) {
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }

    long remainingAfter() {
        return effectiveLimit - saturatedSum(committed, held, estimate);
    }

    /** The bucket as {@link #judge} saw it; needs no lock. */
    BucketStatus status(Instant now) {
        IndexedPolicy indexed = target.indexed();
        return new BucketStatus(policy().id(), target.scopeValue(), periodStart(policy(), window, now), window.end(),
                indexed.money(committed), indexed.money(held), policy().limit(), indexed.money(effectiveLimit));
    }

    /** The status of a bucket outside an evaluation; the bucket must be locked. */
    static BucketStatus status(BudgetPolicy policy, Bucket bucket, PeriodWindow window, Instant now) {
        Currency currency = policy.limit().currency();
        return new BucketStatus(policy.id(), bucket.key().scopeValue(), periodStart(policy, window, now), window.end(),
                Money.ofNanos(bucket.committed(now), currency), Money.ofNanos(bucket.held(), currency),
                policy.limit(), Money.ofNanos(policy.limit().toNanos() + bucket.carriedIn(), currency));
    }

    private static Instant periodStart(BudgetPolicy policy, PeriodWindow window, Instant now) {
        return policy.period().kind().isRolling() ? now.minus(policy.period().kind().window()) : window.start();
    }

    private String describe(long after) {
        Currency currency = policy().limit().currency();
        return "spent " + Money.ofNanos(committed, currency).toPlainString() + " + held "
                + Money.ofNanos(held, currency).toPlainString() + " + this call up to "
                + Money.ofNanos(estimate, currency).toPlainString() + " of "
                + Money.ofNanos(effectiveLimit, currency) + (bucket.carriedIn() > 0 ? " (with rollover)" : "");
    }

    /** {@code after >= percent% of limit}, exactly, for any magnitude. */
    static boolean reached(long after, long limit, int percent) {
        if (after >= 0 && after <= Long.MAX_VALUE / 100 && limit >= 0 && limit <= Long.MAX_VALUE / 1000) {
            return after * 100 >= limit * percent;
        }
        return BigInteger.valueOf(after).multiply(BigInteger.valueOf(100))
                .compareTo(BigInteger.valueOf(limit).multiply(BigInteger.valueOf(percent))) >= 0;
    }

    /** A sum that sticks at {@code Long.MAX_VALUE} instead of wrapping: over any limit. */
    static long saturatedSum(long a, long b, long c) {
        long ab = a + b;
        if (((a ^ ab) & (b ^ ab)) < 0) {
            return Long.MAX_VALUE;
        }
        long abc = ab + c;
        if (((ab ^ abc) & (c ^ abc)) < 0) {
            return Long.MAX_VALUE;
        }
        return abc;
    }
}
