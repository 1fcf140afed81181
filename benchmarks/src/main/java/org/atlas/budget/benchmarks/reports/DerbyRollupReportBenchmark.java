package org.atlas.budget.benchmarks.reports;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.persistence.internal.jdbc.ConnectionPool;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;
import org.atlas.budget.reports.internal.ReportEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Summary and trend reports over the rollups of 10 million usage records on the real
 * {@link JdbcBudgetStore} over embedded Derby, through the real {@link ReportEngine}, against the
 * naive full scan of the same 10 million records held in memory ({@link NaiveScan}), in the same
 * run.
 *
 * <p>The rollup rows are bulk-loaded by {@link RollupLoader} (the raw record table stays empty;
 * these reports never read it for whole days). The database is built once, under
 * {@code benchmarks/target/} when run from the repository root, else under {@code java.io.tmpdir},
 * and reused; delete {@code atlas-derby-rollups-10000000} to rebuild it. Every setup checks that the
 * store's hour and day rollups give the records' exact totals per model and per UTC day, and that the
 * reports agree with the naive scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class DerbyRollupReportBenchmark {

    static final int RECORDS = 10_000_000;
    static final Instant FROM = UsageColumns.START;
    static final Instant TO = FROM.plusSeconds(UsageColumns.DAYS * 86_400L);

    private UsageColumns data;
    private JdbcBudgetStore store;
    private ReportEngine engine;
    private java.util.concurrent.ExecutorService reads;
    private ReportRequest summaryByModel;
    private ReportRequest dailyTrendUtc;
    private ReportRequest dailyTrendBerlin;

    @Setup
    public void setUp() throws Exception {
        File base = new File("benchmarks/target").isDirectory() ? new File("benchmarks/target")
                : new File(System.getProperty("java.io.tmpdir"));
        File folder = new File(base, "atlas-derby-rollups-" + RECORDS).getAbsoluteFile();
        File loaded = new File(folder, "loaded");
        System.setProperty("derby.stream.error.file", new File(base, "atlas-derby-rollups.log").getPath());
        data = new UsageColumns(RECORDS, 42);
        if (!loaded.exists()) {
            deleteTree(folder.toPath());
        }
        ConnectionPool pool = new ConnectionPool(new EmbeddedDriver(),
                "jdbc:derby:" + new File(folder, "db").getPath() + ";create=true", null, null, 4);
        long opening = System.nanoTime();
        store = new JdbcBudgetStore("derby", pool, 500, 0);
        // A database left by an older build is migrated here (version 3 moves the rollups into a table per grain).
        System.out.printf("%nstore opened (schema %s) in %d ms%n", store.schemaVersions(),
                (System.nanoTime() - opening) / 1_000_000);
        if (!loaded.exists()) {
            long started = System.nanoTime();
            long[] rows;
            try (Connection connection = pool.open()) {
                rows = new RollupLoader().load(connection, data);
            }
            Files.writeString(loaded.toPath(), rows[0] + " " + rows[1]);
            System.out.printf("%nloaded %d hour and %d day rollup rows into %s in %d s%n", rows[0], rows[1], folder,
                    (System.nanoTime() - started) / 1_000_000_000L);
        }
        checkRowCounts(pool, Files.readString(loaded.toPath()).trim());
        checkRollups(Granularity.HOUR);
        checkRollups(Granularity.DAY);
        // Two reader threads, as the ReportGenerator service has: local days read their hours beside the days.
        reads = java.util.concurrent.Executors.newFixedThreadPool(2);
        engine = new ReportEngine(store, () -> null, () -> null, Clock.fixed(TO, ZoneOffset.UTC), reads);
        UsageQuery month = UsageQuery.between(FROM, TO);
        summaryByModel = new ReportRequest(ReportType.SUMMARY, month, List.of(GroupBy.MODEL), null, null);
        dailyTrendUtc = new ReportRequest(ReportType.TREND, month, List.of(), Granularity.DAY, null);
        // The same Berlin range as ReportBenchmark: local days, from hour rollups.
        dailyTrendBerlin = new ReportRequest(ReportType.TREND, UsageQuery.between(FROM.minusSeconds(7200),
                FROM.plusSeconds(30 * 86_400L - 3600)), List.of(), Granularity.DAY, ZoneId.of("Europe/Berlin"));
        checkReports();
    }

    @TearDown
    public void tearDown() {
        reads.shutdownNow();
        store.close();
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void checkRowCounts(ConnectionPool pool, String expected) throws Exception {
        try (Connection c = pool.open(); PreparedStatement q = c.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM usage_rollup_hour),"
                        + " (SELECT COUNT(*) FROM usage_rollup_day),"
                        + " (SELECT COUNT(*) FROM usage_request) FROM SYSIBM.SYSDUMMY1");
                ResultSet rows = q.executeQuery()) {
            rows.next();
            String found = rows.getLong(1) + " " + rows.getLong(2);
            if (!found.equals(expected) || rows.getLong(3) != 0) {
                throw new IllegalStateException("the rollup tables hold " + found + " hour/day rows (expected " + expected
                        + ") and usage_request " + rows.getLong(3) + " rows (expected 0)");
            }
            System.out.printf("%nDerby usage_rollup_hour/_day: %s hour/day rows; usage_request: 0 rows%n", found);
        }
    }

    /**
     * The store's rollups of one grain, per model and UTC day, against the records' own sums: cost to
     * the nano-dollar, calls and tokens exactly.
     */
    private void checkRollups(Granularity grain) {
        int cells = UsageColumns.DAYS * UsageColumns.MODELS;
        long[] expected = new long[cells * 5];
        for (int i = 0; i < data.size; i++) {
            int at = (data.second[i] / 86_400 * UsageColumns.MODELS + data.model[i]) * 5;
            expected[at] += data.costNanos[i];
            expected[at + 1]++;
            expected[at + 2] += data.inputTokens[i];
            expected[at + 3] += data.cacheReadTokens[i];
            expected[at + 4] += data.outputTokens[i];
        }
        long[] found = new long[cells * 5];
        for (RollupRow row : store.rollups(new RollupQuery(FROM, TO, grain, null, null, null, null, null, null,
                List.of(GroupBy.MODEL), true))) {
            if (!row.currency().getCurrencyCode().equals("USD")) {
                throw new IllegalStateException("a rollup row in " + row.currency());
            }
            String model = row.keys().get(0);
            int day = (int) ((row.bucketStart().getEpochSecond() - FROM.getEpochSecond()) / 86_400);
            int at = (day * UsageColumns.MODELS + Integer.parseInt(model.substring(model.lastIndexOf('-') + 1))) * 5;
            found[at] += row.cost().toNanos();
            found[at + 1] += row.calls();
            found[at + 2] += row.inputTokens();
            found[at + 3] += row.cacheReadTokens();
            found[at + 4] += row.outputTokens();
        }
        for (int c = 0; c < cells * 5; c++) {
            if (found[c] != expected[c]) {
                throw new IllegalStateException(grain + " rollups of day " + c / 5 / UsageColumns.MODELS + ", model "
                        + c / 5 % UsageColumns.MODELS + " differ from the records: sum " + c % 5 + " is " + found[c]
                        + ", not " + expected[c]);
            }
        }
        System.out.printf("%n%s rollups in Derby equal the 10M records per model and UTC day (cost in nano-dollars,"
                + " calls, tokens)%n", grain);
    }

    private void checkReports() {
        Report summary = engine.generate(summaryByModel);
        long[] perModel = NaiveScan.summaryByModel(data);
        if (summary.rows().size() != UsageColumns.MODELS) {
            throw new IllegalStateException("summary has " + summary.rows().size() + " rows");
        }
        for (ReportRow row : summary.rows()) {
            String key = row.keys().get(0);
            int model = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
            if (row.cost().toNanos() != perModel[model * 4] || row.calls() != perModel[model * 4 + 1]) {
                throw new IllegalStateException("summary of " + key + " differs from the full scan");
            }
        }
        Report trend = engine.generate(dailyTrendUtc);
        long[] perDay = NaiveScan.dailyTrend(data);
        if (trend.rows().size() != UsageColumns.DAYS) {
            throw new IllegalStateException("trend has " + trend.rows().size() + " rows");
        }
        for (int d = 0; d < UsageColumns.DAYS; d++) {
            if (trend.rows().get(d).cost().toNanos() != perDay[d * 2]
                    || trend.rows().get(d).calls() != perDay[d * 2 + 1]) {
                throw new IllegalStateException("trend of day " + d + " differs from the full scan");
            }
        }
        if (!summary.total().equals(trend.total()) || engine.generate(dailyTrendBerlin).rows().size() != 30) {
            throw new IllegalStateException("totals differ: " + summary.total() + " and " + trend.total());
        }
    }

    @Benchmark
    public Report summaryByModelFromDerbyRollups() {
        return engine.generate(summaryByModel);
    }

    @Benchmark
    public Report dailyTrendUtcFromDerbyRollups() {
        return engine.generate(dailyTrendUtc);
    }

    @Benchmark
    public Report dailyTrendBerlinFromDerbyHourlyRollups() {
        return engine.generate(dailyTrendBerlin);
    }

    @Benchmark
    public long[] summaryByModelNaiveScan() {
        return NaiveScan.summaryByModel(data);
    }

    @Benchmark
    public long[] dailyTrendNaiveScan() {
        return NaiveScan.dailyTrend(data);
    }
}
