package org.atlas.budget.manager.internal.ledger;

import java.time.Duration;
import java.time.Instant;

import org.atlas.budget.api.model.BucketKey;

/**
 * The spend of one policy, scope value and period, in nano-units of the policy's currency.
 *
 * <p>All state is guarded by the bucket's {@link BucketLock}. The locks of several buckets are
 * always taken in one global order ({@link Ledger#lockAll}), so two admissions that share buckets
 * can never deadlock, and an admission sees and changes all of its buckets in one atomic step.
 *
 * <p>Calendar and lifetime buckets keep one committed total. Rolling windows keep committed spend
 * in time slots and drop a slot only once all of it lies outside the window: spend ages out at
 * most one slot width late, never early, so a rolling budget is never more generous than its
 * window.
 */
public final class Bucket extends BucketLock {

    /** Itself, or for a policy with a single budget per period the lock those share (see Ledger). */
    final BucketLock lock;
    private final BucketKey key;
    private final long carriedIn;
    private final RollingSlots slots;
    private long committed;
    private long held;

    /**
     * @param shared the lock this bucket shares, or {@code null} for a lock of its own
     * @param order  the order of its own lock
     */
    Bucket(BucketLock shared, long order, BucketKey key, long carriedIn, Duration rollingWindow) {
        super(shared != null ? shared.order : order);
        this.lock = shared != null ? shared : this;
        this.key = key;
        this.carriedIn = carriedIn;
        this.slots = rollingWindow == null ? null : new RollingSlots(rollingWindow);
    }

    public BucketKey key() {
        return key;
    }

    /**
     * The key a charge at {@code at} is stored under: the bucket's own key, or for a rolling
     * window the slot the charge falls in, so the window can be summed again after a restart.
     */
    public BucketKey entryKey(Instant at) {
        if (slots == null) {
            return key;
        }
        // The key of the latest slot is kept: the charges of a slot (10 minutes of a day's window)
        // share one key instead of each keeping its own key and instant in the completion memory.
        SlotKey last = lastSlotKey;
        long start = slots.slotStartMillis(at);
        if (last != null && last.startMillis == start) {
            return last.key;
        }
        SlotKey made = new SlotKey(start,
                new BucketKey(key.policyId(), key.scopeValue(), Instant.ofEpochMilli(start)));
        lastSlotKey = made;
        return made.key;
    }

    /** Racy on purpose: final fields make a published one whole, and a lost update only costs a key. */
    private SlotKey lastSlotKey;

    private record SlotKey(long startMillis, BucketKey key) {
    }

    /** Budget carried over from the previous period; fixed when the bucket is created. */
    public long carriedIn() {
        return carriedIn;
    }

    /** Settled spend counted now. Caller holds the lock. */
    public long committed(Instant now) {
        return slots == null ? committed : slots.total(now);
    }

    /** Open holds. Caller holds the lock. */
    public long held() {
        return held;
    }

    void hold(long amount) {
        held = Math.addExact(held, amount);
    }

    void release(long amount) {
        if (amount > held) {
            throw new IllegalStateException("bucket " + key + " would release " + amount + " but holds " + held);
        }
        held -= amount;
    }

    void commit(long amount, Instant at) {
        if (slots == null) {
            committed = Math.addExact(committed, amount);
        } else {
            slots.add(amount, at);
        }
    }

    /**
     * For rolling windows: when at least {@code needed} of the committed spend will have aged
     * out, or {@code null} when it never will (not rolling, or not enough spend to age out).
     */
    public Instant whenFreed(long needed, Instant now) {
        return slots == null ? null : slots.whenFreed(needed, now);
    }

    /** Runs {@code action} with this bucket alone locked. */
    public <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean isLocked() {
        return lock == this ? super.isLocked() : lock.isLocked();
    }

    @Override
    boolean isHeldByCurrentThread() {
        return lock == this ? super.isHeldByCurrentThread() : lock.isHeldByCurrentThread();
    }

    @Override
    public String toString() {
        return "bucket " + key;
    }
}
