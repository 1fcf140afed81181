package org.atlas.budget.manager.internal.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.spi.BudgetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind of open holds to the store. Admission and settlement only append to a lock-free
 * queue; one background thread drains it every {@code flushMillis} and writes the batch with
 * {@link BudgetStore#saveHolds} and {@link BudgetStore#endHolds}. A hold opened and ended within
 * one batch (the common case: a call shorter than the flush interval) is never written at all.
 *
 * <p>What a crash can forget: the holds opened during the last unwritten interval (at most
 * {@code flushMillis} of admissions, plus any interval the store was failing). That is safe for
 * the ledger: a forgotten hold only means a call in flight is not reserved after the restart; if
 * it completes later it is still charged and recorded by its request id (a completion without a
 * hold is charged to the buckets it matches). A hold whose end was not written is re-held after
 * a restart until it settles or expires, which reserves too much for a while, never too little.
 *
 * <p>When the store fails, the batch stays queued (in order) and is retried on the next tick.
 */
public final class HoldJournal implements HoldListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HoldJournal.class);

    /**
     * Opened holds (a {@link Journaled}) and ended ones (the admission id, a String), in order.
     * No event wrapper: the queue's node is the only object an admission or settlement adds.
     */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final Supplier<BudgetStore> store;
    private final ScheduledExecutorService flusher;
    /** Holds to save and ends to write that a failed flush left behind; flusher thread only. */
    private final Map<String, Journaled> pendingSaves = new LinkedHashMap<>();
    private final Set<String> pendingEnds = new LinkedHashSet<>();
    private boolean failing;

    public HoldJournal(Supplier<BudgetStore> store, long flushMillis) {
        this.store = store;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "atlas-budget-hold-journal");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(1, flushMillis);
        flusher.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void opened(Journaled hold) {
        queue.offer(hold);
    }

    @Override
    public void ended(String admissionId) {
        queue.offer(admissionId);
    }

    /** Writes what is queued; runs on the flusher thread (tests call it directly). */
    public synchronized void flush() {
        Object event;
        while ((event = queue.poll()) != null) {
            if (event instanceof Journaled opened) {
                pendingSaves.put(opened.admissionId(), opened);
            } else if (pendingSaves.remove((String) event) == null) {
                // Opened in an earlier, written batch (or restored): its row must go.
                pendingEnds.add((String) event);
            }
        }
        if (pendingSaves.isEmpty() && pendingEnds.isEmpty()) {
            return;
        }
        BudgetStore current = store.get();
        if (current == null) {
            // No store: nothing is persisted, and a store that arrives is brought up to date by
            // the restore step (LedgerRestore.resync), not from this queue.
            pendingSaves.clear();
            pendingEnds.clear();
            return;
        }
        try {
            if (!pendingSaves.isEmpty()) {
                List<Hold> holds = new ArrayList<>(pendingSaves.size());
                for (Journaled hold : pendingSaves.values()) {
                    holds.add(hold.toHold());
                }
                current.saveHolds(holds);
                pendingSaves.clear();
            }
            if (!pendingEnds.isEmpty()) {
                current.endHolds(new ArrayList<>(pendingEnds));
                pendingEnds.clear();
            }
            if (failing) {
                LOG.info("Open holds are written to the store again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.error("Writing open holds to the store failed; {} save(s) and {} end(s) are kept and retried",
                        pendingSaves.size(), pendingEnds.size(), e);
                failing = true;
            }
        }
    }

    /** Flushes what is queued and stops. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
