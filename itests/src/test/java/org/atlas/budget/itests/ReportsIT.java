package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.atlas.budget.api.ReportGenerator;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.model.ExportFormat;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.spi.BudgetStore;
import org.atlas.budget.demo.TrafficGenerator;
import org.atlas.budget.demo.TrafficPlan;
import org.atlas.budget.demo.TrafficReport;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

/**
 * From demo-provider traffic to every report and every export on the distribution: the demo
 * host's calls go through BudgetGuard, the tracker records them in the store, and the
 * ReportGenerator reads them back from the store's rollups.
 *
 * <p>Needs the BudgetStore (budget-persistence) and the UsageTracker (budget-tracking) in the
 * distribution: without a store the ReportGenerator is not registered.
 */
public class ReportsIT extends AtlasBudgetTestSupport {

    private ReportGenerator reports;
    private TrafficGenerator traffic;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot",
                "atlas-budget-demo")};
    }

    @Before
    public void awaitTheServices() {
        awaitService(BudgetStore.class);
        awaitService(UsageTracker.class);
        reports = awaitService(ReportGenerator.class);
        traffic = awaitService(TrafficGenerator.class);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ReportRequest request(ReportType type, Instant from, Instant to, String project,
            Granularity granularity, GroupBy... groupBy) {
        UsageQuery filter = new UsageQuery(from, to, null, null, null, project, null, null, UsageQuery.DEFAULT_LIMIT,
                null);
        return new ReportRequest(type, filter, List.of(groupBy), granularity, null);
    }

    private String export(Report report, ExportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        reports.export(report, format, out);
        return out.toString();
    }

    @Test
    public void demoTrafficShowsUpInEveryReportAndExport() throws IOException {
        String project = unique("reports");
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant to = from.plus(3, ChronoUnit.HOURS);
        TrafficReport run = traffic.run(new TrafficPlan(24, Map.of("openai", "gpt-4o", "anthropic",
                "claude-sonnet-4-5"), 3, project, 200, 0, 0, unique("run")));
        assertEquals(run.toString(), 24, run.completed());

        // Recorded means in the store: the summary counts every completed call, from the rollups.
        awaitCondition("the summary counts the " + run.completed() + " calls", DEFAULT_TIMEOUT, () -> reports
                .generate(request(ReportType.SUMMARY, from, to, project, null)).rows().stream()
                .mapToLong(ReportRow::calls).sum() == run.completed());
        Report summary = reports.generate(request(ReportType.SUMMARY, from, to, project, null, GroupBy.PROVIDER,
                GroupBy.MODEL));
        Set<String> providers = summary.rows().stream().map(r -> r.keys().get(0)).collect(Collectors.toSet());
        assertEquals(Set.of("openai", "anthropic"), providers);
        summary.rows().forEach(r -> assertTrue(r.toString(), r.cost().amount().signum() > 0));
        Money total = summary.total();
        assertTrue(total.toString(), total.amount().signum() > 0);

        Report trend = reports.generate(request(ReportType.TREND, from, to, project, Granularity.HOUR));
        assertEquals(3, trend.rows().size());
        assertEquals(total, trend.rows().stream().map(ReportRow::cost).reduce(Money.zero(total.currency()),
                Money::plus));

        Report comparison = reports.generate(request(ReportType.COMPARISON, from, to, project, null,
                GroupBy.PROVIDER));
        assertEquals(total, comparison.total());
        comparison.rows().forEach(r -> assertEquals("0.00", r.extra().get("previous")));

        YearMonth month = YearMonth.from(from.atZone(ZoneOffset.UTC));
        Report forecast = reports.generate(request(ReportType.FORECAST,
                month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), project, null));
        assertTrue(forecast.toString(), forecast.total().compareTo(total) >= 0);
        assertTrue(forecast.notes().stream().anyMatch(n -> n.contains("Method") || n.contains("Too little history")
                || n.contains("period has ended")));

        Report optimization = reports.generate(request(ReportType.OPTIMIZATION, from, to, project, null));
        assertFalse(optimization.notes().isEmpty());

        for (Report report : List.of(summary, trend, comparison, forecast, optimization)) {
            String json = export(report, ExportFormat.JSON);
            assertTrue(json, json.contains("\"type\": \"" + report.type().name() + "\""));
            String csv = export(report, ExportFormat.CSV);
            assertTrue(csv, csv.endsWith("\r\n"));
            String md = export(report, ExportFormat.MARKDOWN);
            assertTrue(md, md.startsWith("# Atlas Budget "));
            String html = export(report, ExportFormat.HTML);
            assertTrue(html, html.startsWith("<!DOCTYPE html>"));
            assertFalse(html, html.contains("<script"));
        }
        assertTrue(export(summary, ExportFormat.CSV).startsWith("provider,model,cost,currency,calls"));
        assertTrue(export(trend, ExportFormat.HTML).contains("<svg"));
    }
}
