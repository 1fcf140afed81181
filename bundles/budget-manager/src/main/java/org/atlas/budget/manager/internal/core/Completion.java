package org.atlas.budget.manager.internal.core;

import java.time.Instant;
import java.util.List;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * One completion of a request id, remembered to answer duplicates with the first record.
 *
 * <p>Up to {@code completionMemoryEntries} (100,000 by default) of these stay in memory, and
 * every young collection copies the ones that survive it, so a finished completion keeps its
 * record in a compact form: the report, the charge, the instant, the ledger entries' bucket keys
 * and (usually one shared) amount, about half the objects and bytes of the {@link UsageRecord}
 * it came from. A
 * duplicate gets an equal record rebuilt from them.
 *
 * <p>While it runs, duplicates wait for it. When the ledger was settled but recording failed,
 * the charge and ledger entries are kept, so a retry only records and never charges twice.
 */
final class Completion {

    final String requestId;
    final long startedAtMillis;
    /** What the ledger was charged, once settled; for a retry after recording failed. */
    volatile Charge settled;
    volatile List<LedgerEntry> ledger = List.of();

    // The outcome, guarded by this: a record in parts, or the failure.
    private boolean done;
    private Throwable failure;
    private UsageReport report;
    private Charge charge;
    private long recordedSeconds;
    private int recordedNanos;
    /** The bucket key of each ledger entry. */
    private BucketKey[] keys;
    /**
     * The amount of each ledger entry: one {@link Money} when every entry has the same one (the
     * usual case: every policy in the quote's currency is charged the same rounded cost), else a
     * {@code Money[]}.
     */
    private Object amounts;

    Completion(String requestId, long startedAtMillis) {
        this.requestId = requestId;
        this.startedAtMillis = startedAtMillis;
    }

    synchronized void succeed(UsageRecord record) {
        report = record.report();
        charge = record.charge();
        recordedSeconds = record.recordedAt().getEpochSecond();
        recordedNanos = record.recordedAt().getNano();
        List<LedgerEntry> list = record.ledger();
        keys = new BucketKey[list.size()];
        Money first = list.isEmpty() ? null : list.get(0).amount();
        boolean same = first != null;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = list.get(i).bucket();
            same &= list.get(i).amount() == first;
        }
        if (same) {
            amounts = first;
        } else {
            Money[] each = new Money[keys.length];
            for (int i = 0; i < each.length; i++) {
                each[i] = list.get(i).amount();
            }
            amounts = each;
        }
        settled = null;
        ledger = null;
        done = true;
        notifyAll();
    }

    /** {@code e} is a RuntimeException or an Error: complete() declares nothing else. */
    synchronized void fail(Throwable e) {
        failure = e;
        done = true;
        notifyAll();
    }

    synchronized boolean isDone() {
        return done;
    }

    synchronized boolean failed() {
        return done && failure != null;
    }

    /**
     * The record, once this completion has ended, waiting for it if needed; rethrows its failure.
     * Waiting is not interruptible (a duplicate must get the answer of the first call), but an
     * interrupt is kept for the caller.
     */
    UsageRecord await() {
        UsageReport r;
        Charge c;
        long seconds;
        int nanos;
        BucketKey[] k;
        Object a;
        synchronized (this) {
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
            r = report;
            c = charge;
            seconds = recordedSeconds;
            nanos = recordedNanos;
            k = keys;
            a = amounts;
        }
        LedgerEntry[] rebuilt = new LedgerEntry[k.length];
        for (int i = 0; i < rebuilt.length; i++) {
            rebuilt[i] = new LedgerEntry(k[i], a instanceof Money one ? one : ((Money[]) a)[i]);
        }
        return new UsageRecord(r, c, Instant.ofEpochSecond(seconds, nanos), List.of(rebuilt));
    }
}
