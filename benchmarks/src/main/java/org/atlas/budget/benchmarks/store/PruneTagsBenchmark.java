package org.atlas.budget.benchmarks.store;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.persistence.internal.jdbc.ConnectionPool;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What retention pays to delete the tag rows of the records it prunes, on embedded Derby.
 *
 * <p>The database is filled through the real store with {@value #RECORDS} records, one tag each
 * (so {@code usage_tag} holds as many rows). Each operation deletes the tag rows of
 * {@value #IDS} of the oldest records, in one transaction that is then rolled back, so every
 * operation finds the same table:
 * <ul>
 * <li>{@code byRequestId}: the statement pruning used before, {@code WHERE request_id = ?}; no
 * index of {@code usage_tag} is led by {@code request_id};</li>
 * <li>{@code byPrimaryKey}: the statement pruning uses now, {@code WHERE tag = ? AND request_id
 * = ?}, the whole primary key, the tag read from the record's own {@code tags} column.</li>
 * </ul>
 * Both check that they deleted exactly one row per id. Scores are milliseconds per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class PruneTagsBenchmark {

    static final int RECORDS = 200_000;
    static final int IDS = 10;
    static final int TAGS = 10;

    @State(Scope.Benchmark)
    public static class Database {
        Path folder;
        ConnectionPool pool;
        Connection connection;
        final List<String> ids = new ArrayList<>();
        final List<String> tags = new ArrayList<>();
        int next;

        @Setup(Level.Trial)
        public void fill() throws SQLException {
            folder = Records.temporaryFolder("atlas-prune-bench");
            File db = folder.resolve("db").toFile();
            JdbcBudgetStore store = new JdbcBudgetStore("derby", Records.derby(db, true), 2000, 0);
            Instant start = Instant.parse("2026-11-10T00:00:00Z");
            List<UsageRecord> batch = new ArrayList<>(2000);
            for (int n = 0; n < RECORDS; n++) {
                String id = String.format("prune-%07d", n);
                UsageRecord plain = Records.record(id, n, start.plusMillis(n * 10L));
                batch.add(Records.withTags(plain, Set.of(tag(n))));
                if (batch.size() == 2000) {
                    store.append(batch);
                    batch.clear();
                }
            }
            store.close();
            // The oldest tenth, which a retention run would prune first.
            for (int n = 0; n < RECORDS / 10; n++) {
                ids.add(String.format("prune-%07d", n));
                tags.add(tag(n));
            }
            pool = Records.derby(db, false);
            connection = pool.open();
            connection.setAutoCommit(false);
        }

        static String tag(int n) {
            return "team-" + (n % TAGS);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.rollback();
            connection.close();
            pool.close();
            Records.shutdown(folder.resolve("db").toFile());
            Records.delete(folder);
        }

        int start() {
            int from = next;
            next = (next + IDS) % (ids.size() - IDS);
            return from;
        }
    }

    @Benchmark
    public int byRequestId(Database db) throws SQLException {
        int from = db.start();
        int deleted = 0;
        try (PreparedStatement delete = db.connection.prepareStatement("DELETE FROM usage_tag WHERE request_id = ?")) {
            for (int i = from; i < from + IDS; i++) {
                delete.setString(1, db.ids.get(i));
                deleted += delete.executeUpdate();
            }
        } finally {
            db.connection.rollback();
        }
        return checked(deleted);
    }

    @Benchmark
    public int byPrimaryKey(Database db) throws SQLException {
        int from = db.start();
        int deleted = 0;
        try (PreparedStatement delete = db.connection.prepareStatement(
                "DELETE FROM usage_tag WHERE tag = ? AND request_id = ?")) {
            for (int i = from; i < from + IDS; i++) {
                delete.setString(1, db.tags.get(i));
                delete.setString(2, db.ids.get(i));
                deleted += delete.executeUpdate();
            }
        } finally {
            db.connection.rollback();
        }
        return checked(deleted);
    }

    private static int checked(int deleted) {
        if (deleted != IDS) {
            throw new IllegalStateException("deleted " + deleted + " tag rows, expected " + IDS);
        }
        return deleted;
    }
}
