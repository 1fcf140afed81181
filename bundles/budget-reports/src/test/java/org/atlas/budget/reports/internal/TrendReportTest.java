package org.atlas.budget.reports.internal;

import static org.atlas.budget.reports.internal.Records.record;
import static org.atlas.budget.reports.internal.Requests.engine;
import static org.atlas.budget.reports.internal.Requests.lines;
import static org.atlas.budget.reports.internal.Requests.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportType;
import org.junit.Test;

/** Worked examples of trends in UTC, in a whole-hour zone and in a half-hour zone. */
public class TrendReportTest {

    /** The summary's records plus 0.40 at 23:30Z on Nov 2 and 0.30 at 18:45Z on Nov 2. */
    static InMemoryStore store() {
        return SummaryReportTest.store().add(
                record("2026-11-02T23:30:00Z", "openai", "gpt-4o", "alice", "p1", "0.40", 100, 10),
                record("2026-11-02T18:45:00Z", "openai", "gpt-4o", "alice", "p1", "0.30", 100, 10));
    }

    @Test
    public void utcDaysIncludeEmptyDays() {
        InMemoryStore store = store();
        Report report = engine(store).generate(request(ReportType.TREND, "2026-11-02T00:00:00Z",
                "2026-11-05T00:00:00Z", Granularity.DAY, null));

        // Nov 2: 1.50 + 0.75 + 0.40 + 0.30 = 2.95; Nov 3: 2.00 and an unpriced call; Nov 4: nothing.
        assertEquals(List.of("2026-11-02=2.95/4", "2026-11-03=2.00/2", "2026-11-04=0.00/0"), lines(report));
        assertEquals(Money.of("4.95", "USD"), report.total());
        // UTC days are read from DAY rollups.
        assertEquals(List.of(Granularity.DAY), store.rollupQueries.stream().map(RollupQuery::granularity).toList());
    }

    @Test
    public void localDaysOfAWholeHourZoneComeFromDayRollupsAndTheHoursAroundLocalMidnight() {
        InMemoryStore store = store();
        // Berlin is UTC+1 in November: local Nov 2 to Nov 4 inclusive.
        Report report = engine(store).generate(request(ReportType.TREND, "2026-11-01T23:00:00Z",
                "2026-11-04T23:00:00Z", Granularity.DAY, "Europe/Berlin"));

        // 23:30Z on Nov 2 is 00:30 on Nov 3 in Berlin: Nov 2 = 1.50 + 0.75 + 0.30; Nov 3 = 0.40 + 2.00.
        assertEquals(List.of("2026-11-02=2.55/3", "2026-11-03=2.40/3", "2026-11-04=0.00/0"), lines(report));
        // Nov 2 to 4 UTC from DAY rollups; the hour 23:00Z of each moves to the next local day (on Nov 4 it is
        // outside the range, only taken off), and 23:00Z on Nov 1 is the range's first hour. The hours are
        // asked first (the service reads them on another thread while it reads the days).
        assertEquals(List.of("HOUR 2026-11-01T23:00:00Z..2026-11-02T00:00:00Z",
                "HOUR 2026-11-02T23:00:00Z..2026-11-03T00:00:00Z", "HOUR 2026-11-03T23:00:00Z..2026-11-04T00:00:00Z",
                "HOUR 2026-11-04T23:00:00Z..2026-11-05T00:00:00Z", "DAY 2026-11-02T00:00:00Z..2026-11-05T00:00:00Z"),
                store.rollupQueries.stream().map(q -> q.granularity() + " " + q.from() + ".." + q.to()).toList());
        assertTrue(store.usageQueries.isEmpty());
    }

    @Test
    public void halfHourZonesReadRawRecordsAndSaySo() {
        InMemoryStore store = store();
        // Kolkata is UTC+5:30: local Nov 2 starts at 18:30Z on Nov 1.
        Report report = engine(store).generate(request(ReportType.TREND, "2026-11-01T18:30:00Z",
                "2026-11-03T18:30:00Z", Granularity.DAY, "Asia/Kolkata"));

        // 18:45Z on Nov 2 is 00:15 on Nov 3 in Kolkata; an hourly rollup (18:00Z = 23:30 local) would put it on Nov 2.
        // Nov 2 = 1.50 + 0.75; Nov 3 = 0.30 + 0.40 + 2.00 (and the unpriced call).
        assertEquals(List.of("2026-11-02=2.25/2", "2026-11-03=2.70/4"), lines(report));
        assertTrue(store.rollupQueries.isEmpty());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("not a whole number of hours")));
    }

    @Test
    public void hoursWithAGroupHaveOneRowPerGroupWithUsage() {
        Report report = engine(store()).generate(request(ReportType.TREND, "2026-11-02T10:00:00Z",
                "2026-11-02T12:00:00Z", Granularity.HOUR, null, GroupBy.USER));

        assertEquals(List.of("2026-11-02T10:00Z|alice=1.50/1", "2026-11-02T11:00Z|bob=0.75/1"), lines(report));
    }

    @Test
    public void weeksStartOnMondayAndPartialBucketsAreNoted() {
        InMemoryStore store = store().add(
                record("2026-11-09T08:00:00Z", "openai", "gpt-4o", "alice", "p1", "1.00", 100, 10));
        // Nov 2 2026 is a Monday; the range starts on Sunday Nov 1, inside the week of Oct 26.
        Report report = engine(store).generate(request(ReportType.TREND, "2026-11-01T00:00:00Z",
                "2026-11-16T00:00:00Z", Granularity.WEEK, null));

        assertEquals(List.of("2026-10-26=0.00/0", "2026-11-02=4.95/6", "2026-11-09=1.00/1"), lines(report));
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("does not cover its first and last buckets whole")));
    }

    @Test
    public void monthsAreLabelledByYearAndMonth() {
        InMemoryStore store = store().add(
                record("2026-10-20T08:00:00Z", "openai", "gpt-4o", "alice", "p1", "1.25", 100, 10));
        Report report = engine(store).generate(request(ReportType.TREND, "2026-10-01T00:00:00Z",
                "2026-12-01T00:00:00Z", Granularity.MONTH, null));

        assertEquals(List.of("2026-10=1.25/1", "2026-11=4.95/6"), lines(report));
    }
}
