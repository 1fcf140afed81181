package org.atlas.budget.benchmarks.store;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.persistence.internal.jdbc.ConnectionPool;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Usage records per second into embedded Derby, all durable (committed) when counted:
 * <ul>
 * <li>{@code groupCommitSingle}: 64 callers each appending ONE record and waiting for its
 * commit, as a tracker records one call at a time; the writer batches them;</li>
 * <li>{@code groupCommitCalls100}: 8 callers appending 100 records per call;</li>
 * <li>{@code rawJdbcBatchBaseline}: the baseline, one thread inserting the same rows into the same
 * table with a plain JDBC batch of 1000 and a commit, and nothing else: no dedupe, no tags, no
 * rollups, no ledger totals, no callers to wake.</li>
 * </ul>
 * Scores are records per second (operations per invocation say how many records one call is).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class GroupCommitBenchmark {

    @State(Scope.Benchmark)
    public static class Store {
        Path folder;
        JdbcBudgetStore store;
        ConnectionPool rawPool;
        final AtomicLong ids = new AtomicLong();
        final Instant at = Instant.parse("2026-11-10T12:00:00Z");

        @Setup(Level.Trial)
        public void open() throws SQLException {
            folder = Records.temporaryFolder("atlas-store-bench");
            File db = folder.resolve("db").toFile();
            store = new JdbcBudgetStore("derby", Records.derby(db, true), 2000, 0);
            rawPool = Records.derby(db, false);
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            rawPool.close();
            Records.shutdown(folder.resolve("db").toFile());
            Records.delete(folder);
        }

        String nextId() {
            return "bench-" + ids.incrementAndGet();
        }
    }

    @Benchmark
    @Threads(64)
    public List<UsageRecord> groupCommitSingle(Store s) {
        long n = s.ids.get();
        return s.store.append(List.of(Records.record(s.nextId(), n, s.at)));
    }

    @Benchmark
    @Threads(8)
    @OperationsPerInvocation(100)
    public List<UsageRecord> groupCommitCalls100(Store s) {
        List<UsageRecord> batch = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            batch.add(Records.record(s.nextId(), i, s.at));
        }
        return s.store.append(batch);
    }

    /** The rows the store writes for a record, without anything else the store does. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(1000)
    public int rawJdbcBatchBaseline(Store s) throws SQLException {
        return s.rawPool.transaction(c -> insertRaw(c, s));
    }

    private static int insertRaw(Connection c, Store s) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO usage_record (request_id, provider, model,"
                + " operation, ts, success, user_id, project_id, team_id, session_id, tags, input_tokens,"
                + " cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,"
                + " images, audio_seconds, characters, requests, charge_status, cost, currency, price_version,"
                + " catalogue, ledger, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long ts = s.at.getEpochSecond() * 1_000_000_000L;
            for (int i = 0; i < 1000; i++) {
                String id = "raw-" + s.ids.incrementAndGet();
                insert.setString(1, id);
                insert.setString(2, "openai");
                insert.setString(3, Records.MODELS[i % Records.MODELS.length]);
                insert.setString(4, "CHAT");
                insert.setLong(5, ts);
                insert.setShort(6, (short) 1);
                insert.setString(7, "user-" + (i % 1000));
                insert.setString(8, "project-" + (i % 20));
                insert.setNull(9, Types.VARCHAR);
                insert.setNull(10, Types.VARCHAR);
                insert.setString(11, "");
                insert.setLong(12, 1000);
                insert.setLong(13, 0);
                insert.setLong(14, 0);
                insert.setLong(15, 0);
                insert.setLong(16, 500);
                insert.setLong(17, 0);
                insert.setString(18, "");
                insert.setBigDecimal(19, java.math.BigDecimal.ZERO);
                insert.setLong(20, 0);
                insert.setLong(21, 1);
                insert.setString(22, "PRICED");
                insert.setBigDecimal(23, Records.COST.amount());
                insert.setString(24, "USD");
                insert.setString(25, "openai/gpt-4o@2026-01");
                insert.setString(26, "builtin");
                insert.setString(27, "global-monthly\t*\t1793491200000000000\t0.007500000\tUSD\n"
                        + "per-user-monthly\tuser-" + (i % 1000) + "\t1793491200000000000\t0.007500000\tUSD");
                insert.setLong(28, ts);
                insert.addBatch();
            }
            return insert.executeBatch().length;
        }
    }
}
