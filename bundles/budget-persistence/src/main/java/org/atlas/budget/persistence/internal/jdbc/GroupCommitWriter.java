package org.atlas.budget.persistence.internal.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.model.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes usage. Callers enqueue their records and wait; the writer takes
 * everything queued (up to the batch size, waiting at most the linger for more), writes the request
 * ids, the batch of records ({@link UsageRows}), the rollups and the batch's mark in
 * {@code ledger_pending} in ONE transaction, commits, and only then completes each caller's future.
 * The ledger totals follow up to a second behind ({@link LedgerFolds}), folded by this thread
 * too, between batches and when it is idle. A caller is therefore acknowledged exactly when its records are
 * durable, and a thousand callers share one disk sync.
 *
 * <p>To keep the writer's one core on the database work, what can be done elsewhere is: callers
 * encode their rows and fold their rollups and ledger totals in their own threads before queueing
 * them, and a second thread wakes the callers of a committed batch while the writer goes on with
 * the next one.
 *
 * <p>Other changes to the summaries (repricing) run on the same thread as tasks of their own, so
 * the summaries have a single writer. If the database fails, every caller of the batch gets the
 * error; the connection is replaced and the next batch tries again.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Work for the writer: records to append, or a task with its own transaction. */
    private sealed interface Job permits Append, Task {
    }

    /** Rows to append, with their rollups and ledger totals folded already (in the caller's thread). */
    private record Append(List<UsageRows.Row> rows, Aggregates folded, CompletableFuture<List<UsageRecord>> done)
            implements Job {
    }

    private record Task(ConnectionPool.Work<?> work, CompletableFuture<Object> done) implements Job {
    }

    private static final Job STOP = new Task(c -> null, new CompletableFuture<>());

    /** Wakes the callers of committed batches, so the writer goes on to the next batch meanwhile. */
    private final ExecutorService acks;
    private final ConnectionPool pool;
    private final int batchSize;
    private final long lingerNanos;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final LedgerFolds folds;
    private final Thread thread;
    private Connection connection;
    /** Whether {@link #connection} is embedded Derby, where rows are inserted one statement each. */
    private boolean embedded;
    private Job carried;
    private volatile boolean stopping;

    /**
     * @param foldBatches the most batches the ledger totals lag behind
     * @param foldMillis  the longest the ledger totals lag behind a committed batch
     */
    GroupCommitWriter(ConnectionPool pool, int batchSize, long lingerMicros, int foldBatches, long foldMillis,
            String name) {
        this.pool = pool;
        this.folds = new LedgerFolds(foldBatches, TimeUnit.MILLISECONDS.toNanos(foldMillis));
        this.batchSize = Math.max(1, batchSize);
        this.lingerNanos = TimeUnit.MICROSECONDS.toNanos(Math.max(0, lingerMicros));
        this.acks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "atlas-budget-store-acks-" + name);
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "atlas-budget-store-writer-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
        // Batches a writer marked pending and did not fold (it was killed) are folded first.
        submit(c -> foldAll(c));
    }

    /**
     * Folds every pending batch into the ledger totals, then reads them: the totals of every batch
     * committed before this ran, each once. Runs on the writer thread.
     */
    <T> CompletableFuture<T> afterFolding(ConnectionPool.Work<T> read) {
        return submit(c -> {
            foldAll(c);
            return read.run(c);
        });
    }

    /** Folds and commits on {@code c}, the writer's connection; returns how many batches were folded. */
    private Integer foldAll(Connection c) throws SQLException {
        return folds.foldAll(c, embedded);
    }

    /** Queues encoded rows; folds their rollups and totals here, in the caller's thread. */
    CompletableFuture<List<UsageRecord>> append(List<UsageRows.Row> rows) {
        Aggregates folded = new Aggregates();
        for (UsageRows.Row row : rows) {
            folded.rollup(row.record(), 1);
            folded.ledger(row.record());
        }
        CompletableFuture<List<UsageRecord>> done = new CompletableFuture<>();
        offer(new Append(rows, folded, done), done);
        return done;
    }

    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> submit(ConnectionPool.Work<T> work) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        offer(new Task(work, done), done);
        return (CompletableFuture<T>) (CompletableFuture<?>) done;
    }

    private void offer(Job job, CompletableFuture<?> done) {
        if (stopping) {
            done.completeExceptionally(new SQLException("the store is closing", "08003"));
            return;
        }
        queue.add(job);
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = carried != null ? carried : next();
                carried = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(new SQLException("the store writer was interrupted", "08003"));
                return;
            }
            if (job == STOP) {
                failAll(new SQLException("the store is closed", "08003"));
                if (!folds.isEmpty()) {
                    foldNow();
                }
                closeConnection();
                return;
            }
            if (job == null) {
                foldNow();
            } else if (job instanceof Task task) {
                runTask(task);
            } else {
                runBatch(collect((Append) job));
                if (folds.due(System.nanoTime())) {
                    foldNow();
                }
            }
        }
    }

    /** The next job; or {@code null} when the ledger totals are due to be folded before one comes. */
    private Job next() throws InterruptedException {
        if (folds.isEmpty()) {
            return queue.take();
        }
        long wait = folds.nanosUntilDue(System.nanoTime());
        return wait == 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
    }

    /**
     * Folds the pending ledger totals in a transaction of its own. A failure loses nothing: the
     * batches stay pending in the database, {@code ledgerTotals} still counts them (it folds first),
     * and the next attempt waits at least a second.
     */
    private void foldNow() {
        try {
            folds.foldAll(connection(), embedded);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Folding the ledger totals of the last batches failed; they stay pending and are folded"
                    + " later", e);
            onFailure(e);
            folds.failed(System.nanoTime());
        }
    }

    /** The first append and whatever follows it, up to the batch size and the linger. */
    private List<Append> collect(Append first) {
        List<Append> batch = new ArrayList<>();
        batch.add(first);
        int count = first.rows().size();
        long deadline = System.nanoTime() + lingerNanos;
        while (count < batchSize) {
            Job next = queue.poll();
            if (next == null && lingerNanos > 0) {
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    try {
                        next = queue.poll(wait, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (next == null) {
                break;
            }
            if (!(next instanceof Append append)) {
                carried = next;
                break;
            }
            batch.add(append);
            count += append.rows().size();
        }
        return batch;
    }

    private void runBatch(List<Append> batch) {
        try {
            List<List<UsageRecord>> fresh = write(batch);
            // Committed: now, and only now, its callers are answered.
            Runnable answer = () -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(fresh.get(i));
                }
            };
            try {
                acks.execute(answer);
            } catch (RejectedExecutionException closing) {
                answer.run();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("Writing {} usage record(s) failed; their callers get the error", count(batch), e);
            onFailure(e);
            for (Append append : batch) {
                append.done().completeExceptionally(e);
            }
        }
    }

    private static int count(List<Append> batch) {
        int n = 0;
        for (Append a : batch) {
            n += a.rows().size();
        }
        return n;
    }

    private void runTask(Task task) {
        try {
            Connection c = connection();
            Object result = task.work().run(c);
            c.commit();
            task.done().complete(result);
        } catch (SQLException | RuntimeException e) {
            onFailure(e);
            task.done().completeExceptionally(e);
        }
    }

    /** Writes a batch; returns per caller the records that were new. */
    private List<List<UsageRecord>> write(List<Append> batch) throws SQLException {
        Connection c = connection();
        if (embedded) {
            return writeEach(c, batch);
        }
        // Within the batch the first occurrence of a request id wins.
        Set<String> seen = new HashSet<>();
        List<UsageRows.Row> candidates = new ArrayList<>();
        boolean unique = true;
        for (Append append : batch) {
            for (UsageRows.Row row : append.rows()) {
                if (seen.add(row.requestId())) {
                    candidates.add(row);
                } else {
                    unique = false;
                }
            }
        }
        long seq = UsageRows.nextBatch(c, false);
        Set<String> stored;
        Aggregates folded;
        try {
            folded = insert(c, seq, candidates, Set.of(), unique ? merged(batch) : null);
            stored = Set.of();
        } catch (BatchUpdateException e) {
            // A request id is stored already (a retry): look the stored ones up and write the rest.
            if (!"23505".equals(e.getSQLState()) && !isDuplicate(e)) {
                throw e;
            }
            c.rollback();
            stored = existing(c, candidates);
            folded = insert(c, seq, candidates, stored, null);
        }
        c.commit();
        folds.committed(seq, folded, System.nanoTime());
        // Hand each caller the records that this batch made durable, in its own order.
        Set<String> written = new HashSet<>();
        List<List<UsageRecord>> result = new ArrayList<>(batch.size());
        for (Append append : batch) {
            List<UsageRecord> mine = new ArrayList<>();
            for (UsageRows.Row row : append.rows()) {
                if (!stored.contains(row.requestId()) && written.add(row.requestId())) {
                    mine.add(row.record());
                }
            }
            result.add(mine);
        }
        return result;
    }

    /** The folds of every caller of a batch in one (the batch's records are all new and distinct). */
    private static Aggregates merged(List<Append> batch) {
        if (batch.size() == 1) {
            return batch.get(0).folded();
        }
        Aggregates all = new Aggregates();
        for (Append append : batch) {
            all.merge(append.folded());
        }
        return all;
    }

    /**
     * Embedded Derby: each request id is its own INSERT, executed at once. A JDBC batch buys nothing
     * in-process (Derby runs its elements one by one as well) but costs a copy of every parameter
     * per row; and a duplicate request id fails only its own statement (Derby undoes a failed
     * statement, not the transaction), so a retried record is skipped where it stands, without
     * rolling the batch back and writing it again.
     */
    private List<List<UsageRecord>> writeEach(Connection c, List<Append> batch) throws SQLException {
        lockTables(c);
        long seq = UsageRows.nextBatch(c, true);
        Set<String> seen = new HashSet<>();
        boolean allNew = true;
        List<List<UsageRecord>> result = new ArrayList<>(batch.size());
        List<UsageRows.Row> fresh = new ArrayList<>();
        try (PreparedStatement requests = c.prepareStatement(UsageRows.INSERT_REQUEST)) {
            requests.setLong(2, seq);
            for (Append append : batch) {
                List<UsageRecord> mine = new ArrayList<>(append.rows().size());
                for (UsageRows.Row row : append.rows()) {
                    // Within the batch the first occurrence of a request id wins.
                    if (!seen.add(row.requestId())) {
                        allNew = false;
                        continue;
                    }
                    requests.setString(1, row.requestId());
                    try {
                        requests.executeUpdate();
                    } catch (SQLException e) {
                        if (isDuplicate(e)) {
                            // Stored already (a retry): not new, nothing of it is written again.
                            allNew = false;
                            continue;
                        }
                        throw e;
                    }
                    mine.add(row.record());
                    fresh.add(row);
                }
                result.add(mine);
            }
        }
        if (!fresh.isEmpty()) {
            UsageRows.insertBatch(c, seq, fresh);
        }
        Aggregates aggregates;
        if (allNew) {
            aggregates = merged(batch);
        } else {
            aggregates = new Aggregates();
            for (List<UsageRecord> mine : result) {
                for (UsageRecord record : mine) {
                    aggregates.rollup(record, 1);
                    aggregates.ledger(record);
                }
            }
        }
        aggregates.writeRollups(c, true);
        LedgerFolds.markPending(c, seq, aggregates);
        c.commit();
        folds.committed(seq, aggregates, System.nanoTime());
        return result;
    }

    /**
     * Embedded Derby: the batch takes the tables it writes whole (exclusive table locks until its
     * commit) instead of a row lock for every row it inserts or updates; the lock manager's work
     * per row was a tenth of the writer's time. The trade: a reader of these tables waits for the
     * batch in progress to commit (at most one batch, tens of milliseconds), and a retention chunk
     * and a batch take turns. The order (request ids before batches, as retention deletes them, then
     * the summaries, which only this thread writes) never waits in a circle with another transaction.
     */
    private static void lockTables(Connection c) throws SQLException {
        try (Statement lock = c.createStatement()) {
            for (String table : LOCKED) {
                lock.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
            }
        }
    }

    private static final List<String> LOCKED = List.of("usage_request", "usage_batch", RollupTables.HOUR,
            RollupTables.DAY, "ledger_pending");

    private static boolean isDuplicate(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inserts the request ids of the candidates not in {@code skip} as a JDBC batch, then their
     * batch row, their rollups and the batch's pending mark: {@code folded} when given (all
     * candidates, none skipped), else folded here. Returns the fold written.
     */
    private static Aggregates insert(Connection c, long seq, List<UsageRows.Row> candidates, Set<String> skip,
            Aggregates folded) throws SQLException {
        Aggregates aggregates = folded != null ? folded : new Aggregates();
        List<UsageRows.Row> fresh = new ArrayList<>(candidates.size());
        try (PreparedStatement requests = c.prepareStatement(UsageRows.INSERT_REQUEST)) {
            for (UsageRows.Row row : candidates) {
                if (skip.contains(row.requestId())) {
                    continue;
                }
                requests.setString(1, row.requestId());
                requests.setLong(2, seq);
                requests.addBatch();
                fresh.add(row);
                if (folded == null) {
                    aggregates.rollup(row.record(), 1);
                    aggregates.ledger(row.record());
                }
            }
            if (fresh.isEmpty()) {
                return aggregates;
            }
            requests.executeBatch();
        }
        UsageRows.insertBatch(c, seq, fresh);
        aggregates.writeRollups(c, false);
        LedgerFolds.markPending(c, seq, aggregates);
        return aggregates;
    }

    private static Set<String> existing(Connection c, List<UsageRows.Row> candidates) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM usage_request WHERE request_id = ?")) {
            for (UsageRows.Row row : candidates) {
                query.setString(1, row.requestId());
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        found.add(row.requestId());
                    }
                }
            }
        }
        return found;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = pool.open();
            c.setAutoCommit(false);
            embedded = c.getMetaData().getDatabaseProductName().contains("Derby");
            connection = c;
        }
        return connection;
    }

    private void onFailure(Exception e) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException rollbackFailed) {
            e.addSuppressed(rollbackFailed);
        }
        if (!(e instanceof SQLException sql) || ConnectionPool.isConnectionError(sql)) {
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // Closing anyway.
            }
            ConnectionPool.closeQuietly(connection);
            connection = null;
        }
    }

    private void failAll(SQLException cause) {
        Job job;
        while ((job = queue.poll()) != null) {
            if (job instanceof Append a) {
                a.done().completeExceptionally(cause);
            } else if (job instanceof Task t) {
                t.done().completeExceptionally(cause);
            }
        }
    }

    /** Finishes what is queued before the stop, then stops; waits at most ten seconds. */
    @Override
    public void close() {
        stopping = true;
        queue.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Whatever raced past the stop flag is answered, never left waiting.
        failAll(new SQLException("the store is closed", "08003"));
        acks.shutdown();
        try {
            acks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
