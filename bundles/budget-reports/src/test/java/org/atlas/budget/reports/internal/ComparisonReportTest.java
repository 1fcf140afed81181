package org.atlas.budget.reports.internal;

import static org.atlas.budget.reports.internal.Records.record;
import static org.atlas.budget.reports.internal.Requests.engine;
import static org.atlas.budget.reports.internal.Requests.lines;
import static org.atlas.budget.reports.internal.Requests.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportType;
import org.junit.Test;

/** Worked example of period-over-period comparison. */
public class ComparisonReportTest {

    static InMemoryStore store() {
        return SummaryReportTest.store().add(
                // The two days before Nov 2: openai 1.80, anthropic 2.50.
                record("2026-11-01T12:00:00Z", "openai", "gpt-4o", "alice", "p1", "1.80", 100, 10),
                record("2026-10-31T08:00:00Z", "anthropic", "claude-sonnet", "bob", "p2", "2.50", 100, 10),
                // New this period.
                record("2026-11-03T15:00:00Z", "google", "gemini-flash", "bob", "p2", "0.10", 100, 10));
    }

    @Test
    public void comparesWithTheRangeJustBefore() {
        Report report = engine(store()).generate(request(ReportType.COMPARISON, "2026-11-02T00:00:00Z",
                "2026-11-04T00:00:00Z", null, null, GroupBy.PROVIDER));

        assertEquals(List.of("openai=2.25/3", "anthropic=2.00/1", "google=0.10/1"), lines(report));
        // openai: 2.25 - 1.80 = +0.45; 0.45 / 1.80 = +25.00%
        assertEquals(Map.of("previous", "1.80", "previousCalls", "1", "change", "+0.45", "changePercent", "+25.00",
                "unpricedCalls", "1"), report.rows().get(0).extra());
        // anthropic: 2.00 - 2.50 = -0.50; -0.50 / 2.50 = -20.00%
        assertEquals(Map.of("previous", "2.50", "previousCalls", "1", "change", "-0.50", "changePercent", "-20.00"),
                report.rows().get(1).extra());
        // google had no spend before: no percentage.
        assertEquals(Map.of("previous", "0.00", "previousCalls", "0", "change", "+0.10"), report.rows().get(2).extra());
        // 4.35 against 4.30: +0.05 / 4.30 = +1.1627..% -> +1.16
        assertEquals(Money.of("4.35", "USD"), report.total());
        assertTrue(report.notes().contains("Total 4.35 USD against 4.30 before (+1.16%)."));
    }

    @Test
    public void aGroupThatStoppedSpendingStaysInTheComparison() {
        Report report = engine(store()).generate(request(ReportType.COMPARISON, "2026-11-02T00:00:00Z",
                "2026-11-04T00:00:00Z", null, null, GroupBy.USER));

        // bob: 0.75 + 0.10 now (and the unpriced call) against 2.50: -1.65, -66.00%
        assertEquals(List.of("alice=3.50/2", "bob=0.85/3"), lines(report));
        assertEquals("-66.00", report.rows().get(1).extra().get("changePercent"));
        // alice: 3.50 against 1.80: +1.70 / 1.80 = +94.444..% -> +94.44
        assertEquals("+94.44", report.rows().get(0).extra().get("changePercent"));
    }
}
