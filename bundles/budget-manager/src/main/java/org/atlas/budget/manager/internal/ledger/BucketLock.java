package org.atlas.budget.manager.internal.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The lock of one bucket, or of all the buckets of single-budget policies (see {@link Ledger}).
 * Locks are taken in descending {@link #order} by {@link Ledger#lockAll}. A bucket with a lock of
 * its own is that lock (a subclass), so that taking it touches the bucket's memory rather than a
 * separate object's.
 */
class BucketLock {

    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(BucketLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 while a thread holds the lock. */
    @SuppressWarnings("unused") // through LOCKED
    private volatile int locked;
    final long order;

    BucketLock(long order) {
        this.order = order;
    }

    /**
     * Takes the lock; not reentrant. The lock is held only for long arithmetic (the check
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
            throw new IllegalStateException("this thread holds the lock of " + this + " already");
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

    @Override
    public String toString() {
        return "bucket lock " + order;
    }
}
