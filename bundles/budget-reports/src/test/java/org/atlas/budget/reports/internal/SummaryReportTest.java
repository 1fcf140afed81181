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

/** Worked examples of the summary report; each expected figure is worked out in the comments. */
public class SummaryReportTest {

    /** 1.50 + 0.75 (openai) and 2.00 (anthropic); one unpriced openai call that costs nothing known. */
    static InMemoryStore store() {
        return new InMemoryStore().add(
                record("2026-11-02T10:15:00Z", "openai", "gpt-4o", "alice", "p1", "1.50", 1000, 200, "chat", "prod"),
                record("2026-11-02T11:30:00Z", "openai", "gpt-4o", "bob", "p1", "0.75", 500, 100, "prod"),
                record("2026-11-03T09:00:00Z", "anthropic", "claude-sonnet", "alice", "p2", "2.00", 2000, 300),
                record("2026-11-03T09:10:00Z", "openai", "mystery", "bob", "p2", null, 100, 10));
    }

    @Test
    public void groupsByProviderWithSharesOfTheTotal() {
        InMemoryStore store = store();
        Report report = engine(store).generate(request(ReportType.SUMMARY, "2026-11-02T00:00:00Z",
                "2026-11-04T00:00:00Z", null, null, GroupBy.PROVIDER));

        // openai 1.50 + 0.75 = 2.25 over 3 calls (one unpriced); anthropic 2.00; total 4.25.
        assertEquals(List.of("openai=2.25/3", "anthropic=2.00/1"), lines(report));
        assertEquals(Money.of("4.25", "USD"), report.total());
        // 2.25 / 4.25 = 52.941..% -> 52.94; 2.00 / 4.25 = 47.058..% -> 47.06 (half-even, 2 places)
        assertEquals(Map.of("sharePercent", "52.94", "unpricedCalls", "1"), report.rows().get(0).extra());
        assertEquals(Map.of("sharePercent", "47.06"), report.rows().get(1).extra());
        assertEquals(1600, report.rows().get(0).inputTokens());
        assertEquals(310, report.rows().get(0).outputTokens());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("1 call was UNPRICED")));
        // Whole days in UTC: one rollup query per day range, no raw read.
        assertTrue(store.usageQueries.isEmpty());
        assertEquals(1, store.rollupQueries.size());
    }

    @Test
    public void groupsOnTwoLevels() {
        Report report = engine(store()).generate(request(ReportType.SUMMARY, "2026-11-02T00:00:00Z",
                "2026-11-04T00:00:00Z", null, null, GroupBy.PROJECT, GroupBy.USER));

        assertEquals(List.of("p2|alice=2.00/1", "p1|alice=1.50/1", "p1|bob=0.75/1", "p2|bob=0.00/1"), lines(report));
    }

    @Test
    public void readsTheMinutesOutsideWholeHoursFromRawRecords() {
        InMemoryStore store = store();
        // 10:30 to 09:05 next day: 10:15 is out, 11:30 (rollup hour 11) and 09:00 (raw tail) are in, 09:10 is out.
        Report report = engine(store).generate(request(ReportType.SUMMARY, "2026-11-02T10:30:00Z",
                "2026-11-03T09:05:00Z", null, null));

        assertEquals(List.of("=2.75/2"), lines(report));
        assertEquals(2, store.usageQueries.size());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("minutes outside whole hours from 1 raw")));
    }

    @Test
    public void groupsByTagFromEveryPageOfRawRecordsAndSaysSo() {
        InMemoryStore store = store();
        for (int i = 0; i < 2500; i++) {
            store.add(record("2026-11-03T12:00:00Z", "openai", "gpt-4o-mini", "carol", "p3", "0.01", 10, 1, "bulk"));
        }
        Report report = engine(store).generate(request(ReportType.SUMMARY, "2026-11-02T00:00:00Z",
                "2026-11-04T00:00:00Z", null, null, GroupBy.TAG));

        // bulk: 2500 x 0.01 = 25.00; prod: 1.50 + 0.75; no tag: 2.00 + the unpriced call; chat: 1.50.
        assertEquals(List.of("bulk=25.00/2500", "prod=2.25/2", "=2.00/2", "chat=1.50/1"), lines(report));
        // The total counts each record once: 25.00 + 4.25.
        assertEquals(Money.of("29.25", "USD"), report.total());
        assertEquals(3, store.usageQueries.size());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("Read from 2504 raw usage records (every page)")));
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("counts once under each of its tags")));
    }

    @Test
    public void filtersByTagThroughTheRawRecords() {
        Report report = engine(store()).generate(new org.atlas.budget.api.model.ReportRequest(ReportType.SUMMARY,
                new org.atlas.budget.api.model.UsageQuery(java.time.Instant.parse("2026-11-02T00:00:00Z"),
                        java.time.Instant.parse("2026-11-04T00:00:00Z"), null, null, null, null, null, "prod", 100,
                        null), List.of(GroupBy.USER), null, null));

        assertEquals(List.of("alice=1.50/1", "bob=0.75/1"), lines(report));
    }

    @Test
    public void anEmptyRangeSaysSo() {
        Report report = engine(store()).generate(request(ReportType.SUMMARY, "2026-10-01T00:00:00Z",
                "2026-10-02T00:00:00Z", null, null, GroupBy.MODEL));

        assertEquals(List.of(), report.rows());
        assertEquals(Money.of("0", "USD"), report.total());
        assertTrue(report.notes().contains("No usage was recorded in the range."));
    }

    @Test
    public void neverAddsCurrenciesAndGivesEveryTotal() {
        org.atlas.budget.api.model.UsageRecord usd = record("2026-11-02T10:00:00Z", "openai", "gpt-4o", "alice", "p1",
                "1.50", 10, 1);
        org.atlas.budget.api.model.UsageRecord eur = new org.atlas.budget.api.model.UsageRecord(
                record("2026-11-02T11:00:00Z", "mistral", "mistral-large", "alice", "p1", "0.40", 10, 1).report(),
                new org.atlas.budget.api.model.Charge(org.atlas.budget.api.model.PricingStatus.PRICED,
                        Money.of("0.40", "EUR"), "v1", "test"), java.time.Instant.parse("2026-11-02T11:00:01Z"));
        Report report = engine(new InMemoryStore().add(usd, eur)).generate(request(ReportType.SUMMARY,
                "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", null, null, GroupBy.USER));

        // One row per currency for alice; each row is 100% of its own currency.
        assertEquals(List.of("alice=1.50/1", "alice=0.40/1"), lines(report));
        assertEquals("USD", report.rows().get(0).cost().currency().getCurrencyCode());
        assertEquals("EUR", report.rows().get(1).cost().currency().getCurrencyCode());
        assertEquals(Money.of("0.40", "EUR"), report.total());
        assertTrue(report.notes().contains("Spend is in 2 currencies, which are never added: 0.40 EUR, 1.50 USD."
                + " The report's total is the EUR one."));
    }
}
