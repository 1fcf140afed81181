package org.atlas.budget.manager.internal.core;

import java.util.List;

import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.UsageRecord;

/**
 * A completion of a request id while it runs, for duplicates that arrive meanwhile: they wait
 * for it and get its record. A finished completion moves to the {@link CompletionMemory}; a
 * failed one stays in flight, so that duplicates see the error and a retry resumes from it. When
 * the ledger was settled but recording failed, the charge and ledger entries are kept, so a
 * retry only records and never charges twice.
 */
final class Completion {

    final String requestId;
    final long startedAtMillis;
    /**
     * What the ledger was charged, once settled; for a retry after recording failed. Written by
     * the completing thread before {@link #fail}, read by a retry only after {@link #failed}
     * said so: this object's monitor orders them, so they need not be volatile (two fences per
     * completion otherwise).
     */
    Charge settled;
    List<LedgerEntry> ledger = List.of();

    // The outcome, guarded by this.
    private boolean done;
    private Throwable failure;
    private UsageRecord record;

    Completion(String requestId, long startedAtMillis) {
        this.requestId = requestId;
        this.startedAtMillis = startedAtMillis;
    }

    synchronized void succeed(UsageRecord result) {
        record = result;
        done = true;
        notifyAll();
    }

    /** {@code e} is a RuntimeException or an Error: complete() declares nothing else. */
    synchronized void fail(Throwable e) {
        failure = e;
        done = true;
        notifyAll();
    }

    synchronized boolean failed() {
        return done && failure != null;
    }

    /**
     * The record, once this completion has ended, waiting for it if needed; rethrows its failure.
     * Waiting is not interruptible (a duplicate must get the answer of the first call), but an
     * interrupt is kept for the caller.
     */
    synchronized UsageRecord await() {
        boolean interrupted = false;
        while (!done) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("completion of " + requestId + " failed", failure);
        }
        return record;
    }
}
