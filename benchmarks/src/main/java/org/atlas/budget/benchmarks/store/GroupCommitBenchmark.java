package org.atlas.budget.benchmarks.store;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
 * <li>{@code groupCommitCalls100RandomIds}: the same with random UUIDs as request ids;</li>
 * <li>{@code rawJdbcBatchBaseline}: the baseline, one thread inserting the same records as plain
 * rows, one per record, into a table of the layout schema versions 1 to 4 used ({@code raw_record}:
 * every field a column, indexed by request id and by time, as a history needs them), with a plain
 * JDBC batch of 1000 and a commit, and nothing else: no dedupe, no rollups, no ledger totals, no
 * callers to wake;</li>
 * <li>{@code rawMinimalRowBaseline}: a floor under any row layout, one thread inserting rows of
 * nothing but a unique request id and a time (a table of its own with its primary key only), in
 * the same JDBC batches of 1000 and a commit. A usage record cannot be stored in less: if this
 * stays below a target, no narrower row per record reaches it on this engine and machine;</li>
 * <li>{@code rawPackedRowBaseline}: a row-per-record layout measured before schema version 5 chose
 * batches instead: the columns history queries filter and page by (request id, time,
 * provider, model, user, project, tags, cost) and everything else (the token counts, charge and
 * ledger entries) packed into one binary column, with the same two indexes as
 * {@code raw_record}, in the same batches;</li>
 * <li>{@code rawPackedSeqRowBaseline}: the same packed rows with a BIGINT sequence number as the
 * history index's tie-breaker, {@code (ts DESC, seq DESC)}, instead of the request id: whether
 * the VARCHAR in that index is what it costs.</li>
 * </ul>
 * Scores are records per second (operations per invocation say how many records one call is).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// 6 x 5 s, not 2: on 2 cores the store's write path kept speeding up for its first 20 s (20k,
// 29k, 32k records/s in 5 s warmups), so two warmups measured it partly before the JIT was done.
@Warmup(iterations = 6, time = 5)
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
            rawPool.transaction(c -> {
                try (Statement create = c.createStatement()) {
                    // The row per record that schema versions 1 to 4 wrote, with its two indexes.
                    create.execute("CREATE TABLE raw_record (request_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " provider VARCHAR(200) NOT NULL, model VARCHAR(200) NOT NULL,"
                            + " operation VARCHAR(32) NOT NULL, ts BIGINT NOT NULL, success SMALLINT NOT NULL,"
                            + " user_id VARCHAR(256), project_id VARCHAR(256), team_id VARCHAR(256),"
                            + " session_id VARCHAR(256), tags VARCHAR(4500) NOT NULL, input_tokens BIGINT NOT NULL,"
                            + " cache_read_tokens BIGINT NOT NULL, cache_write_tokens BIGINT NOT NULL,"
                            + " cache_write_1h_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL,"
                            + " reasoning_tokens BIGINT NOT NULL, images VARCHAR(4000) NOT NULL,"
                            + " audio_seconds DECIMAL(31,9) NOT NULL, characters BIGINT NOT NULL,"
                            + " requests BIGINT NOT NULL, charge_status VARCHAR(16) NOT NULL, cost DECIMAL(31,9),"
                            + " currency CHAR(3), price_version VARCHAR(200), catalogue VARCHAR(200),"
                            + " ledger VARCHAR(16000) NOT NULL, recorded_at BIGINT NOT NULL)");
                    create.execute("CREATE INDEX raw_record_ts ON raw_record (ts DESC, request_id DESC)");
                    create.execute("CREATE TABLE minimal_row (request_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " ts BIGINT NOT NULL)");
                    create.execute("CREATE TABLE packed_row (request_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " ts BIGINT NOT NULL, provider VARCHAR(200) NOT NULL, model VARCHAR(200) NOT NULL,"
                            + " user_id VARCHAR(256), project_id VARCHAR(256), tags VARCHAR(4500) NOT NULL,"
                            + " cost DECIMAL(31,9), body VARCHAR(16000) FOR BIT DATA NOT NULL)");
                    create.execute("CREATE INDEX packed_row_ts ON packed_row (ts DESC, request_id DESC)");
                    create.execute("CREATE TABLE packed_seq_row (request_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " ts BIGINT NOT NULL, seq BIGINT NOT NULL, provider VARCHAR(200) NOT NULL,"
                            + " model VARCHAR(200) NOT NULL, user_id VARCHAR(256), project_id VARCHAR(256),"
                            + " tags VARCHAR(4500) NOT NULL, cost DECIMAL(31,9), body VARCHAR(16000) FOR BIT DATA NOT NULL)");
                    create.execute("CREATE INDEX packed_seq_row_ts ON packed_seq_row (ts DESC, seq DESC)");
                }
                return null;
            });
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
        return appendHundred(s, s::nextId);
    }

    /**
     * As {@code groupCommitCalls100}, with random UUIDs as request ids, as hosts usually make them:
     * the id index is then written all over instead of at its end, so more of it must be in the
     * page cache.
     */
    @Benchmark
    @Threads(8)
    @OperationsPerInvocation(100)
    public List<UsageRecord> groupCommitCalls100RandomIds(Store s) {
        return appendHundred(s, () -> UUID.randomUUID().toString());
    }

    private static List<UsageRecord> appendHundred(Store s, Supplier<String> ids) {
        List<UsageRecord> batch = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            batch.add(Records.record(ids.get(), i, s.at));
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

    /** The least a record can be: its unique id and its time. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(1000)
    public int rawMinimalRowBaseline(Store s) throws SQLException {
        return s.rawPool.transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO minimal_row (request_id, ts) VALUES (?, ?)")) {
                long ts = s.at.getEpochSecond() * 1_000_000_000L;
                for (int i = 0; i < 1000; i++) {
                    insert.setString(1, "min-" + s.ids.incrementAndGet());
                    insert.setLong(2, ts);
                    insert.addBatch();
                }
                return insert.executeBatch().length;
            }
        });
    }

    /** The filtered and paged columns as columns, the rest packed (see the class comment). */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(1000)
    public int rawPackedRowBaseline(Store s) throws SQLException {
        return s.rawPool.transaction(c -> insertPacked(c, s, "packed_row", false));
    }

    /** The packed rows with a BIGINT tie-breaker in the history index (see the class comment). */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(1000)
    public int rawPackedSeqRowBaseline(Store s) throws SQLException {
        return s.rawPool.transaction(c -> insertPacked(c, s, "packed_seq_row", true));
    }

    private static int insertPacked(Connection c, Store s, String table, boolean withSeq) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (request_id, ts, provider,"
                + " model, user_id, project_id, tags, cost, body" + (withSeq ? ", seq" : "")
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?" + (withSeq ? ", ?" : "") + ")")) {
            long ts = s.at.getEpochSecond() * 1_000_000_000L;
            for (int i = 0; i < 1000; i++) {
                long n = s.ids.incrementAndGet();
                // The ids the figures in performance.md were measured with.
                insert.setString(1, (withSeq ? "packed-seq-" : "packed-") + n);
                insert.setLong(2, ts);
                insert.setString(3, "openai");
                insert.setString(4, Records.MODELS[i % Records.MODELS.length]);
                insert.setString(5, "user-" + (i % 1000));
                insert.setString(6, "project-" + (i % 20));
                insert.setString(7, "");
                insert.setBigDecimal(8, Records.COST.amount());
                insert.setBytes(9, packedBody(i, ts));
                if (withSeq) {
                    insert.setLong(10, n);
                }
                insert.addBatch();
            }
            return insert.executeBatch().length;
        }
    }

    /** What the packed column would hold: the same figures and text the wide row has in 20 columns. */
    private static byte[] packedBody(int i, long ts) {
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(256);
        body.put((byte) 1).putLong(1000).putLong(0).putLong(0).putLong(0).putLong(500).putLong(0).putLong(1)
                .putLong(ts);
        String text = "CHAT\tPRICED\tUSD\topenai/gpt-4o@2026-01\tbuiltin\tglobal-monthly\t*\t1793491200000000000"
                + "\t0.007500000\tUSD\nper-user-monthly\tuser-" + (i % 1000) + "\t1793491200000000000\t0.007500000\tUSD";
        body.put(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(body.array(), body.position());
    }

    private static int insertRaw(Connection c, Store s) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO raw_record (request_id, provider, model,"
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
