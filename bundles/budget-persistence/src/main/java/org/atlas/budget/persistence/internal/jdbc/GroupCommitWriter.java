package org.atlas.budget.persistence.internal.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.model.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes usage. Callers enqueue their records and wait; the writer takes
 * everything queued (up to the batch size, waiting at most the linger for more), writes the rows,
 * the tags, the rollups and the ledger totals in ONE transaction, commits, and only then
 * completes each caller's future. A caller is therefore acknowledged exactly when its records are
 * durable, and a thousand callers share one disk sync.
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

    private record Append(List<UsageRecord> records, CompletableFuture<List<UsageRecord>> done) implements Job {
    }

    private record Task(ConnectionPool.Work<?> work, CompletableFuture<Object> done) implements Job {
    }

    private static final Job STOP = new Task(c -> null, new CompletableFuture<>());

    private final ConnectionPool pool;
    private final int batchSize;
    private final long lingerNanos;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private Connection connection;
    private Job carried;
    private volatile boolean stopping;

    GroupCommitWriter(ConnectionPool pool, int batchSize, long lingerMicros, String name) {
        this.pool = pool;
        this.batchSize = Math.max(1, batchSize);
        this.lingerNanos = TimeUnit.MICROSECONDS.toNanos(Math.max(0, lingerMicros));
        this.thread = new Thread(this::run, "atlas-budget-store-writer-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<List<UsageRecord>> append(List<UsageRecord> records) {
        CompletableFuture<List<UsageRecord>> done = new CompletableFuture<>();
        offer(new Append(records, done), done);
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
                job = carried != null ? carried : queue.take();
                carried = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(new SQLException("the store writer was interrupted", "08003"));
                return;
            }
            if (job == STOP) {
                failAll(new SQLException("the store is closed", "08003"));
                closeConnection();
                return;
            }
            if (job instanceof Task task) {
                runTask(task);
            } else {
                runBatch(collect((Append) job));
            }
        }
    }

    /** The first append and whatever follows it, up to the batch size and the linger. */
    private List<Append> collect(Append first) {
        List<Append> batch = new ArrayList<>();
        batch.add(first);
        int count = first.records().size();
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
            count += append.records().size();
        }
        return batch;
    }

    private void runBatch(List<Append> batch) {
        try {
            List<List<UsageRecord>> fresh = write(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(fresh.get(i));
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
            n += a.records().size();
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
        // Within the batch the first occurrence of a request id wins.
        Set<String> seen = new HashSet<>();
        List<UsageRecord> candidates = new ArrayList<>();
        for (Append append : batch) {
            for (UsageRecord record : append.records()) {
                if (seen.add(record.requestId())) {
                    candidates.add(record);
                }
            }
        }
        Set<String> stored;
        try {
            insert(c, candidates, Set.of());
            stored = Set.of();
        } catch (BatchUpdateException e) {
            // A request id is stored already (a retry): look the stored ones up and write the rest.
            if (!"23505".equals(e.getSQLState()) && !isDuplicate(e)) {
                throw e;
            }
            c.rollback();
            stored = existing(c, candidates);
            insert(c, candidates, stored);
        }
        c.commit();
        // Hand each caller the records that this batch made durable, in its own order.
        Set<String> written = new HashSet<>();
        List<List<UsageRecord>> result = new ArrayList<>(batch.size());
        for (Append append : batch) {
            List<UsageRecord> mine = new ArrayList<>();
            for (UsageRecord record : append.records()) {
                if (!stored.contains(record.requestId()) && written.add(record.requestId())) {
                    mine.add(record);
                }
            }
            result.add(mine);
        }
        return result;
    }

    private static boolean isDuplicate(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void insert(Connection c, List<UsageRecord> candidates, Set<String> skip) throws SQLException {
        Aggregates aggregates = new Aggregates();
        boolean anyTag = false;
        boolean any = false;
        try (PreparedStatement rows = c.prepareStatement(UsageRows.INSERT);
                PreparedStatement tags = c.prepareStatement(UsageRows.INSERT_TAG)) {
            for (UsageRecord record : candidates) {
                if (skip.contains(record.requestId())) {
                    continue;
                }
                UsageRows.bind(rows, tags, record);
                anyTag |= !record.report().dimensions().tags().isEmpty();
                any = true;
                aggregates.rollup(record, 1);
                aggregates.ledger(record);
            }
            if (!any) {
                return;
            }
            rows.executeBatch();
            if (anyTag) {
                tags.executeBatch();
            }
        }
        aggregates.write(c);
    }

    private static Set<String> existing(Connection c, List<UsageRecord> candidates) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM usage_record WHERE request_id = ?")) {
            for (UsageRecord record : candidates) {
                query.setString(1, record.requestId());
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        found.add(record.requestId());
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
    }
}
