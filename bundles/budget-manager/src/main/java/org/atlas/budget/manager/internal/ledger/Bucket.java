package org.atlas.budget.manager.internal.ledger;

import java.time.Duration;
import java.time.Instant;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import org.atlas.budget.api.model.BucketKey;

/**
 * The spend of one policy, scope value and period, in nano-units of the policy's currency.
 *
 * <p>All state is guarded by the bucket's own lock ({@link #lock()}). Several buckets are always locked in ascending
 * {@link #order}, so two admissions that share buckets can never deadlock, and an admission sees
 * and changes all of its buckets in one atomic step.
 *
 * <p>Calendar and lifetime buckets keep one committed total. Rolling windows keep committed spend
 * in time slots and drop a slot only once all of it lies outside the window: spend ages out at
 * most one slot width late, never early, so a rolling budget is never more generous than its
 * window.
 */
public final class Bucket {

    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(Bucket.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 while a thread holds the bucket; see {@link #lock()}. */
    @SuppressWarnings("unused") // through LOCKED
    private volatile int locked;
    final long order;
    private final BucketKey key;
    private final long carriedIn;
    private final RollingSlots slots;
    private long committed;
    private long held;

    Bucket(long order, BucketKey key, long carriedIn, Duration rollingWindow) {
        this.order = order;
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

    /**
     * Takes the bucket's lock; not reentrant. The lock is held only for long arithmetic (the check
     * and the hold of an admission, a settlement), a fraction of a microsecond, while parking a
     * thread and waking it again costs ten microseconds or more and is what kept two threads from
     * going faster than one on the shared buckets (global, provider, model, tag) that every call
     * locks. So a waiter spins first, then yields (the holder may have been descheduled, as when
     * more callers than cores run), and only after that sleeps in short naps.
     */
    void lock() {
        if (LOCKED.compareAndSet(this, 0, 1)) {
            owner = Thread.currentThread();
            return;
        }
        if (owner == Thread.currentThread()) {
            // Would wait for itself forever; lockAll locks a bucket named twice only once.
            throw new IllegalStateException("bucket " + key + " is already locked by this thread");
        }
        for (int attempt = 1;; attempt++) {
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
                owner = Thread.currentThread();
                return;
            }
            if (attempt < SPINS) {
                Thread.onSpinWait();
            } else if (attempt < SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(NAP_NANOS);
            }
        }
    }

    private static final int SPINS = 200;
    private static final int YIELDS = 1_000;
    private static final long NAP_NANOS = 50_000;

    void unlock() {
        owner = null;
        LOCKED.setRelease(this, 0);
    }

    /**
     * The holder, written by it right after taking the lock and cleared before releasing it: a
     * thread reads its own writes, so only "is it me" is exact, which is all it is used for.
     */
    private Thread owner;

    boolean isLocked() {
        return locked != 0;
    }

    boolean isHeldByCurrentThread() {
        return locked != 0 && owner == Thread.currentThread();
    }

    /** Tries to take the lock within {@code timeoutNanos}; for tests and diagnostics. */
    boolean tryLock(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        do {
            if (LOCKED.compareAndSet(this, 0, 1)) {
                owner = Thread.currentThread();
                return true;
            }
            Thread.yield();
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    /** Runs {@code action} with this bucket alone locked. */
    public <T> T locked(java.util.function.Supplier<T> action) {
        lock();
        try {
            return action.get();
        } finally {
            unlock();
        }
    }
}
