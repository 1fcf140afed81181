package org.atlas.budget.benchmarks.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.UsageQuery;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Summary and trend reports over 10 million usage records: the real {@link ReportEngine} reading
 * rollups (in-memory hour and UTC-day tables standing in for the store's), against a naive full
 * scan of the same 10 million records held as primitive columns, in the same run.
 *
 * <p>Setup checks that both give the same exact totals per model and per day.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class ReportBenchmark {

    static final int RECORDS = 10_000_000;
    static final Instant FROM = UsageColumns.START;
    static final Instant TO = FROM.plusSeconds(UsageColumns.DAYS * 86_400L);

    private UsageColumns data;
    private ReportEngine engine;
    private ReportRequest summaryByModel;
    private ReportRequest dailyTrendUtc;
    private ReportRequest dailyTrendBerlin;

    @Setup
    public void setUp() {
        data = new UsageColumns(RECORDS, 42);
        RollupOnlyStore store = new RollupOnlyStore(data);
        engine = new ReportEngine(store, () -> null, () -> null, Clock.fixed(TO, ZoneOffset.UTC));
        UsageQuery month = UsageQuery.between(FROM, TO);
        summaryByModel = new ReportRequest(ReportType.SUMMARY, month, List.of(GroupBy.MODEL), null, null);
        dailyTrendUtc = new ReportRequest(ReportType.TREND, month, List.of(), Granularity.DAY, null);
        // Local days of Berlin (UTC+2, then UTC+1 from Oct 25): built from hourly rollups.
        dailyTrendBerlin = new ReportRequest(ReportType.TREND, UsageQuery.between(FROM.minusSeconds(7200),
                FROM.plusSeconds(30 * 86_400L - 3600)), List.of(), Granularity.DAY, ZoneId.of("Europe/Berlin"));
        check();
        System.out.printf("%n%d records; %d hour rollup rows, %d day rollup rows%n", RECORDS, store.hourRows(),
                store.dayRows());
    }

    private void check() {
        Report summary = engine.generate(summaryByModel);
        long[] perModel = naiveSummaryByModel();
        for (ReportRow row : summary.rows()) {
            int model = Integer.parseInt(row.keys().get(0).substring(row.keys().get(0).lastIndexOf('-') + 1));
            if (row.cost().toNanos() != perModel[model * 4] || row.calls() != perModel[model * 4 + 1]) {
                throw new IllegalStateException("summary of " + row.keys() + " differs from the full scan");
            }
        }
        Report trend = engine.generate(dailyTrendUtc);
        long[] perDay = naiveDailyTrend();
        if (trend.rows().size() != UsageColumns.DAYS) {
            throw new IllegalStateException("trend has " + trend.rows().size() + " rows");
        }
        for (int d = 0; d < UsageColumns.DAYS; d++) {
            if (trend.rows().get(d).cost().toNanos() != perDay[d * 2]) {
                throw new IllegalStateException("trend of day " + d + " differs from the full scan");
            }
        }
        Money total = summary.total();
        if (!total.equals(trend.total()) || engine.generate(dailyTrendBerlin).rows().size() != 30) {
            throw new IllegalStateException("totals differ: " + total + " and " + trend.total());
        }
    }

    @Benchmark
    public Report summaryByModelFromRollups() {
        return engine.generate(summaryByModel);
    }

    @Benchmark
    public long[] summaryByModelNaiveScan() {
        return naiveSummaryByModel();
    }

    @Benchmark
    public Report dailyTrendUtcFromRollups() {
        return engine.generate(dailyTrendUtc);
    }

    @Benchmark
    public Report dailyTrendBerlinFromHourlyRollups() {
        return engine.generate(dailyTrendBerlin);
    }

    @Benchmark
    public long[] dailyTrendNaiveScan() {
        return naiveDailyTrend();
    }

    private long[] naiveSummaryByModel() {
        return NaiveScan.summaryByModel(data);
    }

    private long[] naiveDailyTrend() {
        return NaiveScan.dailyTrend(data);
    }
}
