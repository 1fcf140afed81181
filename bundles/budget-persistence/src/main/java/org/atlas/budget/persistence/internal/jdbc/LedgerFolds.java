package org.atlas.budget.persistence.internal.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger totals ({@code ledger_total}) kept up to a second of batches behind the records,
 * exactly.
 *
 * <p>Why not in each batch's transaction, as the rollups are: a batch of 800 records charged to
 * 100 users' budgets updated 101 total rows, an eighth of the writer's time, and the totals are read
 * only when a ledger is rebuilt. So a batch whose records carry ledger entries writes one row of
 * {@code ledger_pending} (its batch number) instead, in its own transaction; the writer keeps the
 * batch's folded totals in memory and, every {@link #maxBatches} batches or {@link #maxNanos} of
 * age, adds them all to {@code ledger_total} in one transaction that also deletes their pending rows.
 *
 * <p>Nothing is lost and nothing counts twice, whoever folds: a batch's totals are added only by the
 * transaction whose {@code DELETE} of its pending row deleted it. So the pending batches of a writer
 * that died (a crash, or another node on the same PostgreSQL) are folded by the next one, from the
 * ledger entries stored in the batch itself; a writer that folds a batch another one folded first
 * finds nothing to delete and adds nothing. Retention never deletes a pending batch's records
 * (see {@code JdbcBudgetStore.pruneUsage}), so those entries are always there to fold.
 *
 * <p>Only the writer thread uses an instance.
 */
final class LedgerFolds {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerFolds.class);

    static final String INSERT_PENDING = "INSERT INTO ledger_pending (batch_seq) VALUES (?)";

    /** The batches this writer marked pending since its last fold, with their folded totals, oldest first. */
    private final Map<Long, Map<Aggregates.BucketKeyRow, BigDecimal>> pending = new LinkedHashMap<>();
    private final int maxBatches;
    private final long maxNanos;
    /** When the oldest pending batch was added ({@link System#nanoTime()}). */
    private long since;
    /** Whether the last fold failed, and when: the next attempt waits at least {@link #RETRY_NANOS}. */
    private boolean failed;
    private long failedAt;

    private static final long RETRY_NANOS = 1_000_000_000L;

    private static final Comparator<Aggregates.BucketKeyRow> KEY_ORDER = Comparator
            .comparing(Aggregates.BucketKeyRow::policyId).thenComparing(Aggregates.BucketKeyRow::scopeValue)
            .thenComparingLong(Aggregates.BucketKeyRow::periodStart).thenComparing(Aggregates.BucketKeyRow::currency);

    /**
     * @param maxBatches fold once this many batches are pending
     * @param maxNanos   fold once the oldest pending batch is this old (also when the writer is idle)
     */
    LedgerFolds(int maxBatches, long maxNanos) {
        this.maxBatches = Math.max(1, maxBatches);
        this.maxNanos = Math.max(0, maxNanos);
    }

    /** Marks a batch pending, in the batch's own transaction, if its records carry ledger entries. */
    static void markPending(Connection c, long seq, Aggregates batch) throws SQLException {
        if (batch.totals.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_PENDING)) {
            insert.setLong(1, seq);
            insert.executeUpdate();
        }
    }

    /** Remembers the totals of a batch marked pending, once its transaction has committed. */
    void committed(long seq, Aggregates batch, long now) {
        if (batch.totals.isEmpty()) {
            return;
        }
        if (pending.isEmpty()) {
            since = now;
        }
        pending.put(seq, batch.totals);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    boolean due(long now) {
        return !pending.isEmpty() && (!failed || now - failedAt >= RETRY_NANOS)
                && (pending.size() >= maxBatches || now - since >= maxNanos);
    }

    /** How long until a fold is due by age (or retry); only meaningful when something is pending. */
    long nanosUntilDue(long now) {
        // Differences only: since + maxNanos would wrap for a period of Long.MAX_VALUE (on demand only).
        long byAge = remaining(now - since, maxNanos);
        return failed ? Math.max(byAge, remaining(now - failedAt, RETRY_NANOS)) : byAge;
    }

    private static long remaining(long waited, long period) {
        return waited >= period ? 0 : period - waited;
    }

    /** After a failed fold: the batches stay pending, and the next attempt waits at least a second. */
    void failed(long now) {
        failed = true;
        failedAt = now;
    }

    /**
     * Folds every pending batch into {@code ledger_total}, this writer's from memory and any other
     * (left by a writer that stopped before folding) from its stored records, then commits. On
     * failure the transaction is rolled back by the caller and the batches stay pending.
     *
     * @return how many batches this transaction folded
     */
    int foldAll(Connection c, boolean embedded) throws SQLException {
        if (embedded) {
            // In the order a batch takes them (ledger_pending last), so the two never wait in a circle.
            try (Statement lock = c.createStatement()) {
                lock.execute("LOCK TABLE ledger_pending IN EXCLUSIVE MODE");
                lock.execute("LOCK TABLE ledger_total IN EXCLUSIVE MODE");
            }
        }
        List<Long> stored = new ArrayList<>();
        try (Statement query = c.createStatement();
                ResultSet rows = query.executeQuery("SELECT batch_seq FROM ledger_pending ORDER BY batch_seq")) {
            while (rows.next()) {
                stored.add(rows.getLong(1));
            }
        }
        Map<Aggregates.BucketKeyRow, BigDecimal> added = new HashMap<>();
        int folded = 0;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM ledger_pending WHERE batch_seq = ?")) {
            for (long seq : stored) {
                delete.setLong(1, seq);
                if (delete.executeUpdate() == 0) {
                    continue; // Another writer folded it meanwhile.
                }
                Map<Aggregates.BucketKeyRow, BigDecimal> totals = pending.get(seq);
                if (totals == null) {
                    totals = totalsOf(c, seq);
                }
                for (Map.Entry<Aggregates.BucketKeyRow, BigDecimal> total : totals.entrySet()) {
                    added.merge(total.getKey(), total.getValue(), BigDecimal::add);
                }
                folded++;
            }
        }
        // In key order: two writers folding at once (on PostgreSQL) then update the rows they share
        // in the same order, and do not deadlock.
        Aggregates sums = new Aggregates();
        added.entrySet().stream().sorted(Map.Entry.comparingByKey(KEY_ORDER))
                .forEach(e -> sums.totals.put(e.getKey(), e.getValue()));
        sums.writeTotals(c, embedded);
        c.commit();
        // Committed: whatever of ours is not pending in the database any more was folded, by us or
        // by another writer first.
        pending.clear();
        failed = false;
        return folded;
    }

    /** The ledger totals of a stored batch, from its records' ledger entries. */
    private static Map<Aggregates.BucketKeyRow, BigDecimal> totalsOf(Connection c, long seq) throws SQLException {
        byte[] value = UsageRows.batch(c, seq);
        Aggregates batch = new Aggregates();
        if (value == null) {
            // Retention skips pending batches, so this is a batch deleted by hand: nothing left to add.
            LOG.warn("Batch {} was pending for the ledger totals but is no longer stored; its ledger entries"
                    + " cannot be added to ledger_total", seq);
            return batch.totals;
        }
        for (UsageRecord record : RecordCodec.records(value)) {
            batch.ledger(record);
        }
        return batch.totals;
    }
}
