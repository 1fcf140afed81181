package org.atlas.budget.manager.internal.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.manager.internal.policy.IndexedPolicy;

/**
 * The buckets of every policy. A bucket is created the first time a request is charged in its
 * period; a new period is a new bucket, so spend is never reset, only left behind.
 *
 * <p>Rollover: a calendar bucket created for a policy with rollover enabled carries over what
 * its predecessor (the bucket of the previous period) left unused, up to the cap. The carry is
 * fixed once, from the predecessor's effective limit minus its committed spend and open holds,
 * so carried budget never compounds past {@code capPercent} of the limit. A previous period with
 * no bucket had no calls: if the policy was in force for all of it, all of its limit was unused
 * and the cap carries; if not (the policy is newer, or this process started during it), nothing
 * carries, as nothing is known.
 */
public final class Ledger {

    /** The map's own key: BucketKey validates its fields, which an admission need not pay for twice. */
    private record Key(String policyId, String scopeValue, Instant periodStart) {
    }

    private final ConcurrentHashMap<Key, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    /**
     * The one lock of every bucket of a policy with a single budget per period (global, or a
     * fixed provider, model, tag, user ...). Every call locks several of these, the same ones for
     * every call; as separate locks each was a cache line that two cores passed back and forth,
     * twice per call, and the calls queued behind each other on them. One lock for all of them
     * costs one such hand-over per step, and it is the lowest in the lock order, so it is taken
     * last and released first. It serialises nothing more than before: calls that touch no
     * single-budget policy do not take it, and every other call already shared the global one.
     */
    private final BucketLock singleBudgets = new BucketLock(0);
    /** Since when each policy has been enforced by this ledger. */
    private final ConcurrentHashMap<String, Instant> inForceSince = new ConcurrentHashMap<>();

    /** Notes that a policy is enforced from {@code since} on, unless it already was. */
    public void inForce(String policyId, Instant since) {
        inForceSince.putIfAbsent(policyId, since);
    }

    /** The bucket of {@code policy} and {@code scopeValue} for the period holding {@code at}. */
    public Bucket bucket(BudgetPolicy policy, String scopeValue, Instant at, PeriodWindow window) {
        Period period = policy.period();
        Instant start = period.kind().isRolling() ? Instant.EPOCH : window.start();
        Key key = new Key(policy.id(), scopeValue, start);
        Bucket existing = buckets.get(key);
        if (existing != null) {
            return existing;
        }
        long carry = carryInto(policy, scopeValue, start);
        BucketLock shared = policy.isPerValue() ? null : singleBudgets;
        return buckets.computeIfAbsent(key, k -> new Bucket(shared, shared != null ? 0 : sequence.incrementAndGet(),
                new BucketKey(k.policyId(), k.scopeValue(), k.periodStart()), carry, period.kind().window()));
    }

    /**
     * The buckets of a policy in the period holding {@code now}, through the cache the policy
     * keeps of its current period: an admission then finds a bucket without building a key or
     * searching the map of every bucket of every policy (most of a lookup was cache misses in
     * that map). Admissions ask for the present, so the cache turns over once per period.
     */
    public Current current(IndexedPolicy indexed, Instant now) {
        if (indexed.ledgerCache() instanceof Current cached && cached.ledger == this && cached.covers(now)) {
            return cached;
        }
        BudgetPolicy policy = indexed.policy();
        Period period = policy.period();
        PeriodWindow window = period.kind().isRolling() ? null : new PeriodWindow(period.start(now), period.end(now));
        Current made = new Current(this, policy, window);
        indexed.ledgerCache(made);
        return made;
    }

    /**
     * A policy's buckets in one calendar period (or, for a rolling window, for good: its buckets
     * never change period). Filled from {@link #bucket}, so it holds exactly the ledger's buckets.
     */
    public static final class Current {
        private final Ledger ledger;
        private final BudgetPolicy policy;
        /** {@code null} for a rolling window, whose window moves with every instant. */
        private final PeriodWindow window;
        private volatile Bucket single;
        private final ConcurrentHashMap<String, Bucket> byValue;

        private Current(Ledger ledger, BudgetPolicy policy, PeriodWindow window) {
            this.ledger = ledger;
            this.policy = policy;
            this.window = window;
            this.byValue = policy.isPerValue() ? new ConcurrentHashMap<>() : null;
        }

        boolean covers(Instant at) {
            return window == null || window.contains(at);
        }

        /** The period holding {@code at}, which this covers. */
        public PeriodWindow window(Instant at) {
            return window != null ? window : new PeriodWindow(policy.period().start(at), null);
        }

        /** The bucket of {@code scopeValue}, created in the ledger when it has none yet. */
        public Bucket bucket(String scopeValue, Instant at, PeriodWindow atWindow) {
            if (byValue == null) {
                Bucket bucket = single;
                if (bucket == null) {
                    bucket = ledger.bucket(policy, scopeValue, at, atWindow);
                    single = bucket;
                }
                return bucket;
            }
            Bucket bucket = byValue.get(scopeValue);
            if (bucket == null) {
                bucket = ledger.bucket(policy, scopeValue, at, atWindow);
                byValue.put(scopeValue, bucket);
            }
            return bucket;
        }
    }

    private long carryInto(BudgetPolicy policy, String scopeValue, Instant start) {
        if (!policy.rollover().enabled() || policy.period().kind() == PeriodKind.LIFETIME) {
            return 0;
        }
        Instant previousStart = policy.period().start(start.minusNanos(1));
        Bucket previous = buckets.get(new Key(policy.id(), scopeValue, previousStart));
        long limit = policy.limit().toNanos();
        long cap = Math.multiplyExact(limit, policy.rollover().capPercent()) / 100;
        if (previous == null) {
            Instant since = inForceSince.get(policy.id());
            return since != null && !since.isAfter(previousStart) ? cap : 0;
        }
        long unused = previous.locked(() -> limit + previous.carriedIn() - previous.committed(start) - previous.held());
        return Math.max(0, Math.min(cap, unused));
    }

    /** Every bucket of a policy (all periods seen since start). */
    public List<Bucket> bucketsOf(String policyId) {
        List<Bucket> result = new ArrayList<>();
        for (Bucket bucket : buckets.values()) {
            if (bucket.key().policyId().equals(policyId)) {
                result.add(bucket);
            }
        }
        return result;
    }

    /** Forgets the buckets of a deleted policy. */
    public void forget(String policyId) {
        inForceSince.remove(policyId);
        buckets.keySet().removeIf(key -> key.policyId().equals(policyId));
    }

    /**
     * Locks the given buckets' locks in the global order; the returned guard unlocks them.
     *
     * <p>The order is the newest lock first, and the lock of the single-budget policies last.
     * Any fixed order prevents deadlock; this one also keeps the hottest locks short: the first
     * touch of a per-user or per-project bucket, often a cache miss, happens before the shared
     * lock is taken instead of while other callers wait for it.
     */
    public static Locked lockAll(Bucket[] targets) {
        BucketLock[] ordered = new BucketLock[targets.length];
        // Insertion sort: a call names about eight buckets, where Arrays.sort with a comparator
        // costs more than the sorting.
        for (int i = 0; i < targets.length; i++) {
            BucketLock lock = targets[i].lock;
            int j = i - 1;
            while (j >= 0 && ordered[j].order < lock.order) {
                ordered[j + 1] = ordered[j];
                j--;
            }
            ordered[j + 1] = lock;
        }
        int locked = 0;
        try {
            for (BucketLock lock : ordered) {
                // The same lock may be named twice (a request tagged twice, or two single-budget
                // policies); it is taken once.
                if (locked > 0 && ordered[locked - 1] == lock) {
                    continue;
                }
                lock.lock();
                ordered[locked++] = lock;
            }
        } catch (RuntimeException | Error e) {
            new Locked(ordered, locked).close();
            throw e;
        }
        return new Locked(ordered, locked);
    }

    /** Holds the locks of several buckets; closing releases them in reverse order. */
    public static final class Locked implements AutoCloseable {
        private final BucketLock[] ordered;
        private final int count;

        private Locked(BucketLock[] ordered, int count) {
            this.ordered = ordered;
            this.count = count;
        }

        @Override
        public void close() {
            for (int i = count - 1; i >= 0; i--) {
                ordered[i].unlock();
            }
        }

        /**
         * Takes the same locks again, in the same order, once closed: a settlement locks what its
         * admission locked, and so need not sort the locks again (that sort and its arrays were a
         * twentieth of admit plus complete). The caller must be the only one using this guard.
         */
        public Locked lockAgain() {
            int taken = 0;
            try {
                for (; taken < count; taken++) {
                    ordered[taken].lock();
                }
            } catch (RuntimeException | Error e) {
                for (int i = taken - 1; i >= 0; i--) {
                    ordered[i].unlock();
                }
                throw e;
            }
            return this;
        }
    }

    /** Adds a hold; the caller holds the bucket's lock (through {@link #lockAll}). */
    public static void hold(Bucket bucket, long amount) {
        bucket.hold(amount);
    }

    /** Settles: commits {@code cost} and releases {@code heldAmount}; the caller holds the lock. */
    public static void settle(Bucket bucket, long heldAmount, long cost, Instant at) {
        bucket.release(heldAmount);
        bucket.commit(cost, at);
    }

    /** Adds committed spend read back from the store at {@code at}; the caller holds the lock. */
    public static void restore(Bucket bucket, long amount, Instant at) {
        bucket.commit(amount, at);
    }

    /** Releases a hold without charging; the caller holds the lock. */
    public static void release(Bucket bucket, long heldAmount) {
        bucket.release(heldAmount);
    }
}
