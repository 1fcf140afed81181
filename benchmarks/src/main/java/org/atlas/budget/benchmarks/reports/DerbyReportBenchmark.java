package org.atlas.budget.benchmarks.reports;

import java.io.File;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.persistence.internal.jdbc.ConnectionPool;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;
import org.atlas.budget.reports.internal.ReportEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Summary and trend reports on the real JDBC store over embedded Derby, loaded through the store's
 * own write path (rollups kept in the same transactions), against a naive full scan of the same
 * records through {@code queryUsage} pages, in the same run.
 *
 * <p>The database is built once per record count under {@code java.io.tmpdir} and reused by
 * later runs (loading is slow); delete {@code atlas-derby-reports-N} to rebuild it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DerbyReportBenchmark {

    @Param("1000000")
    public int records;

    private JdbcBudgetStore store;
    private ReportEngine engine;
    private ReportRequest summaryByModel;
    private ReportRequest dailyTrendUtc;

    static final Instant FROM = UsageColumns.START;
    static final Instant TO = FROM.plusSeconds(UsageColumns.DAYS * 86_400L);

    @Setup
    public void setUp() throws Exception {
        System.setProperty("derby.stream.error.file", new File(System.getProperty("java.io.tmpdir"),
                "atlas-derby-reports.log").getPath());
        File folder = new File(System.getProperty("java.io.tmpdir"), "atlas-derby-reports-" + records);
        File loaded = new File(folder, "loaded");
        boolean fresh = !loaded.exists();
        store = new JdbcBudgetStore("derby", new ConnectionPool(new EmbeddedDriver(),
                "jdbc:derby:" + new File(folder, "db").getAbsolutePath() + ";create=true", null, null, 4), 500, 0);
        if (fresh) {
            long started = System.nanoTime();
            load();
            Files.writeString(loaded.toPath(), Integer.toString(records));
            System.out.printf("%nloaded %d records in %d s%n", records, (System.nanoTime() - started) / 1_000_000_000L);
        }
        engine = new ReportEngine(store, () -> null, () -> null, Clock.fixed(TO, ZoneOffset.UTC));
        UsageQuery month = UsageQuery.between(FROM, TO);
        summaryByModel = new ReportRequest(ReportType.SUMMARY, month, List.of(GroupBy.MODEL), null, null);
        dailyTrendUtc = new ReportRequest(ReportType.TREND, month, List.of(), Granularity.DAY, null);
        check();
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    private void load() {
        UsageColumns data = new UsageColumns(records, 42);
        List<UsageRecord> batch = new ArrayList<>(5000);
        for (int i = 0; i < data.size; i++) {
            int m = data.model[i];
            int u = data.user[i];
            Instant at = FROM.plusSeconds(data.second[i]);
            UsageReport report = new UsageReport("bench-" + i, UsageColumns.provider(m), UsageColumns.modelName(m),
                    Operation.CHAT, at, true, new Dimensions(UsageColumns.userName(u),
                            UsageColumns.projectName(UsageColumns.project(u)),
                            UsageColumns.teamName(UsageColumns.team(u)), null, Set.of()),
                    Usage.builder().inputTokens(data.inputTokens[i]).cacheReadTokens(data.cacheReadTokens[i])
                            .outputTokens(data.outputTokens[i]).build());
            batch.add(new UsageRecord(report, new Charge(PricingStatus.PRICED,
                    Money.ofNanos(data.costNanos[i], java.util.Currency.getInstance("USD")), "bench-v1", "bench"),
                    at));
            if (batch.size() == 5000) {
                store.append(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.append(batch);
        }
    }

    private void check() {
        Report summary = engine.generate(summaryByModel);
        long[] scanned = naiveSummaryByModel();
        long calls = 0;
        for (ReportRow row : summary.rows()) {
            String key = row.keys().get(0);
            int model = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
            if (row.cost().toNanos() != scanned[model * 2] || row.calls() != scanned[model * 2 + 1]) {
                throw new IllegalStateException("summary of " + key + " differs from the full scan");
            }
            calls += row.calls();
        }
        if (calls != records) {
            throw new IllegalStateException("the summary counts " + calls + " calls, not " + records);
        }
    }

    @Benchmark
    public Report summaryByModelFromRollups() {
        return engine.generate(summaryByModel);
    }

    @Benchmark
    public Report dailyTrendUtcFromRollups() {
        return engine.generate(dailyTrendUtc);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public long[] summaryByModelNaiveScan() {
        return naiveSummaryByModel();
    }

    /** Cost and calls per model from every record of the range, page by page through the store's API. */
    private long[] naiveSummaryByModel() {
        long[] sums = new long[UsageColumns.MODELS * 2];
        UsageQuery page = UsageQuery.between(FROM, TO).withLimit(UsageQuery.MAX_LIMIT);
        while (true) {
            Page<UsageRecord> result = store.queryUsage(page);
            for (UsageRecord r : result.items()) {
                String model = r.report().model();
                int m = Integer.parseInt(model.substring(model.lastIndexOf('-') + 1)) * 2;
                sums[m] += r.charge().cost().toNanos();
                sums[m + 1]++;
            }
            if (!result.hasMore()) {
                return sums;
            }
            page = page.withCursor(result.nextCursor());
        }
    }
}
