package org.atlas.budget.reports.internal;

import static org.atlas.budget.reports.internal.Records.record;
import static org.atlas.budget.reports.internal.Requests.engine;
import static org.atlas.budget.reports.internal.Requests.lines;
import static org.atlas.budget.reports.internal.Requests.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.Usage;
import org.junit.Test;

/**
 * Worked example of the optimisation report over {@link TestPricing} (per 1M tokens: gpt-big
 * 10 in / 30 out / 5 cache read; gpt-small 1 / 3 / 0.5; gpt-old 2 / 6, retired 2026-12-15), on
 * Nov 29 2026.
 */
public class OptimizationReportTest {

    static InMemoryStore store() {
        return new InMemoryStore().add(
                // Two calls of 1M in, 100k out on gpt-big: 10 + 3 = 13.00 each.
                record("2026-11-10T09:00:00Z", "openai", "gpt-big", "alice", "p1", "13.00", 1_000_000, 100_000),
                record("2026-11-11T09:00:00Z", "openai", "gpt-big", "alice", "p1", "13.00", 1_000_000, 100_000),
                // One small call on gpt-old: 0.002 + 0.006 = 0.008.
                record("2026-11-12T09:00:00Z", "openai", "gpt-old", "bob", "p1", "0.008", 1000, 1000),
                // gpt-small with a third of its input read from the cache: caching is not rare there.
                record("2026-11-12T10:00:00Z", "openai", "gpt-small", "bob", "p1", "2.50",
                        Usage.builder().inputTokens(3_000_000).cacheReadTokens(1_000_000).outputTokens(10).build()));
    }

    @Test
    public void suggestsCheaperModelsCachingIdleBudgetsAndRetiringModels() {
        FakeBudgetManager manager = new FakeBudgetManager(Map.of("p-idle", "0", "p-busy", "3.00", "p-off", "0"),
                "p-off");
        Report report = engine(store(), new TestPricing(), manager).generate(request(ReportType.OPTIMIZATION,
                "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", null, null));

        assertEquals(List.of(
                // gpt-small costs 1 + 0.3 = 1.30 for the average call: 11.70 less, times 2 calls.
                "CHEAPER_MODEL|openai/gpt-big=23.40/2",
                // 2M uncached input x 50% x (10 - 5) per 1M = 5.00
                "PROMPT_CACHING|openai/gpt-big=5.00/2",
                // gpt-small: 0.001 + 0.003 = 0.004 against 0.008.
                "CHEAPER_MODEL|openai/gpt-old=0.004/1",
                "DEPRECATION|openai/gpt-old=0.00/1",
                "IDLE_BUDGET|p-idle=0.00/0"), lines(report));
        assertEquals(Map.of("alternative", "openai/gpt-small", "alternatives", "2", "savingPerCall", "11.70",
                "spent", "26.00", "suggestion", "use openai/gpt-small instead"), report.rows().get(0).extra());
        assertEquals("0.00", report.rows().get(1).extra().get("cacheReadPercent"));
        assertEquals(Map.of("daysLeft", "16", "deprecationDate", "2026-12-15",
                "suggestion", "the provider retires this model on 2026-12-15; move off it"),
                report.rows().get(3).extra());
        assertEquals("100.00", report.rows().get(4).extra().get("limit"));
        // 23.40 + 5.00 + 0.004
        assertEquals(Money.of("28.404", "USD"), report.total());
    }

    @Test
    public void saysWhatItLeavesOutWithoutPricingOrManager() {
        Report report = engine(store()).generate(request(ReportType.OPTIMIZATION, "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z", null, null));

        assertEquals(List.of(), report.rows());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("No PricingRegistry is available")));
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("No BudgetManager is available")));
    }
}
