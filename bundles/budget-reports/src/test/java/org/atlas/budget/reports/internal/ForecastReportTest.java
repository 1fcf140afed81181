package org.atlas.budget.reports.internal;

import static org.atlas.budget.reports.internal.Records.record;
import static org.atlas.budget.reports.internal.Requests.engine;
import static org.atlas.budget.reports.internal.Requests.engineAt;
import static org.atlas.budget.reports.internal.Requests.lines;
import static org.atlas.budget.reports.internal.Requests.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportType;
import org.junit.Test;

/**
 * Worked examples of forecasts to the end of November 2026, made at noon UTC on Sunday Nov 29
 * (unless said otherwise). What is left: half of Sunday Nov 29 and all of Monday Nov 30.
 */
public class ForecastReportTest {

    /**
     * Nov 1 to 28, four full weeks: weekdays 10.00, weekend days 2.00, except Monday Nov 9 (8.00),
     * Monday Nov 16 (12.00) and Sunday Nov 15 (4.00); then 1.00 this morning on anthropic.
     */
    static InMemoryStore fourWeeks() {
        InMemoryStore store = new InMemoryStore();
        for (LocalDate day = LocalDate.of(2026, 11, 1); day.isBefore(LocalDate.of(2026, 11, 29)); day = day.plusDays(1)) {
            String cost = switch (day.toString()) {
                case "2026-11-09" -> "8.00";
                case "2026-11-16" -> "12.00";
                case "2026-11-15" -> "4.00";
                default -> day.getDayOfWeek().getValue() >= 6 ? "2.00" : "10.00";
            };
            store.add(record(day + "T09:00:00Z", "openai", "gpt-4o", "alice", "p1", cost, 1000, 100));
        }
        return store.add(record("2026-11-29T06:00:00Z", "anthropic", "claude-sonnet", "bob", "p2", "1.00", 100, 10));
    }

    @Test
    public void projectsWithTheDayOfWeekAverageAndARangeFromTheWeeks() {
        Report report = engine(fourWeeks()).generate(request(ReportType.FORECAST, "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z", null, null));

        // So far: 20 weekdays x 10 + 8 weekend days x 2 = 216, -2 (Nov 9) +2 (Nov 16) +2 (Nov 15), +1 today = 219.00.
        // Rest = 0.5 x Sunday + 1 x Monday, per week back:
        //   Nov 22/23: 0.5x2 + 10 = 11; Nov 15/16: 0.5x4 + 12 = 14; Nov 8/9: 0.5x2 + 8 = 9; Nov 1/2: 0.5x2 + 10 = 11.
        // Mean 45 / 4 = 11.25; low 9, high 14.
        assertEquals(List.of("=230.25/29"), lines(report));
        assertEquals(Map.of("actualToDate", "219.00", "projectedRest", "11.25", "low", "228.00", "high", "233.00"),
                report.rows().get(0).extra());
        assertEquals(Money.of("230.25", "USD"), report.total());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("Method: day-of-week average.")
                && n.contains("last 4 full weeks")));
    }

    @Test
    public void projectsEachGroupFromItsOwnHistory() {
        Report report = engine(fourWeeks()).generate(request(ReportType.FORECAST, "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z", null, null, GroupBy.PROVIDER));

        // openai: 218.00 + 11.25; anthropic: 1.00 today and no history of its own, so nothing more.
        assertEquals(List.of("openai=229.25/28", "anthropic=1.00/1"), lines(report));
        assertEquals(Map.of("actualToDate", "1.00", "projectedRest", "0.00", "low", "1.00", "high", "1.00"),
                report.rows().get(1).extra());
        assertEquals(Money.of("230.25", "USD"), report.total());
    }

    static InMemoryStore fourDays() {
        return new InMemoryStore().add(
                record("2026-11-25T09:00:00Z", "openai", "gpt-4o", "alice", "p1", "4.00", 100, 10),
                record("2026-11-26T09:00:00Z", "openai", "gpt-4o", "alice", "p1", "6.00", 100, 10),
                record("2026-11-27T09:00:00Z", "openai", "gpt-4o", "alice", "p1", "5.00", 100, 10),
                record("2026-11-28T09:00:00Z", "openai", "gpt-4o", "alice", "p1", "5.00", 100, 10));
    }

    @Test
    public void tooLittleHistoryFallsBackToAFlatMeanWithAWideRange() {
        Report report = engine(fourDays()).generate(request(ReportType.FORECAST, "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z", null, null));

        // Mean of 4, 6, 5, 5 = 5.00 a day, over 1.5 days = 7.50; low 1.5 x 4, high 1.5 x 6.
        assertEquals(Map.of("actualToDate", "20.00", "projectedRest", "7.50", "low", "26.00", "high", "29.00"),
                report.rows().get(0).extra());
        assertEquals(Money.of("27.50", "USD"), report.total());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("Too little history for weekly seasonality: 4 days")));
    }

    @Test
    public void roundsTheProjectionHalfEvenToNinePlaces() {
        Report report = engineAt(fourDays(), "2026-11-29T16:00:00Z").generate(request(ReportType.FORECAST,
                "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", null, null));

        // 8 of 24 hours left today: (1/3 + 1) x 5.00 = 6.6666... -> 6.666666667 (half-even, 9 places).
        assertEquals("6.666666667", report.rows().get(0).extra().get("projectedRest"));
        assertEquals(Money.of("26.666666667", "USD"), report.total());
    }

    @Test
    public void withoutHistoryThereIsNoProjectionAndNoRange() {
        InMemoryStore store = new InMemoryStore().add(
                record("2026-11-29T06:00:00Z", "openai", "gpt-4o", "alice", "p1", "2.00", 100, 10));
        Report report = engine(store).generate(request(ReportType.FORECAST, "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z", null, null));

        assertEquals(Map.of("actualToDate", "2.00", "projectedRest", "0.00"), report.rows().get(0).extra());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("Too little history: no usage in the last 28 days")));
    }

    @Test
    public void anEndedPeriodIsItsActualSpend() {
        Report report = engine(fourWeeks()).generate(request(ReportType.FORECAST, "2026-11-01T00:00:00Z",
                "2026-11-08T00:00:00Z", null, null));

        // Nov 1 (Sunday) 2 + Mon-Fri 5 x 10 + Saturday 2 = 54.00
        assertEquals(List.of("=54.00/7"), lines(report));
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("The period has ended")));
    }

    @Test
    public void aDayOfTwentyFiveHoursCountsByItsRealLength() {
        InMemoryStore store = new InMemoryStore();
        for (int day = 21; day <= 24; day++) {
            store.add(record("2026-10-" + day + "T12:00:00Z", "openai", "gpt-4o", "alice", "p1", "10.00", 100, 10));
        }
        // Berlin leaves summer time on Oct 25 2026: that day runs from 22:00Z on Oct 24 to 23:00Z on Oct 25.
        Report report = engineAt(store, "2026-10-25T10:30:00Z").generate(request(ReportType.FORECAST,
                "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", null, "Europe/Berlin"));

        // 12.5 of 25 hours left = 0.5 day x 10.00 (a 24-hour day would give 12.5/24 x 10 = 5.208333333).
        assertEquals("5.00", report.rows().get(0).extra().get("projectedRest"));
        assertEquals(Money.of("5.00", "USD"), report.total());
    }
}
