package org.atlas.budget.reports.internal;

import static org.atlas.budget.reports.internal.Records.record;
import static org.atlas.budget.reports.internal.Requests.engine;
import static org.atlas.budget.reports.internal.Requests.lines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.junit.Test;

/**
 * Local days of whole-hour zones from UTC-day rollups with the hours around local midnight moved:
 * the same sums, to the nano-dollar, as putting every record in its local day by hand.
 */
public class LocalDaysTest {

    /** Berlin's local midnight is 23:00Z (22:00Z in summer): each UTC day is placed before it, 1 or 2 hours move. */
    @Test
    public void berlinMovesTheHoursAfterLocalMidnight() {
        // Local Oct 24 and Oct 25 (the day the clocks go back): 22:00Z on Oct 23 to 23:00Z on Oct 25.
        LocalDays plan = new LocalDays(ZoneId.of("Europe/Berlin"), Instant.parse("2026-10-23T22:00:00Z"),
                Instant.parse("2026-10-25T23:00:00Z"));
        assertEquals("2026-10-24T00:00:00Z..2026-10-26T00:00:00Z", plan.daysFrom + ".." + plan.daysTo);
        assertEquals(Instant.parse("2026-10-24T00:00:00Z"), plan.dayPlacement.get(Instant.parse("2026-10-24T00:00:00Z")));
        // Oct 23 22:00-24:00 is read by the hour (2 hours, not a day less 22); 22:00-24:00 of Oct 24
        // moves to local Oct 25; 23:00-24:00 of Oct 25 is outside the range and only taken off.
        assertEquals(List.of("2026-10-23T22:00:00Z..2026-10-24T00:00:00Z", "2026-10-24T22:00:00Z..2026-10-25T00:00:00Z",
                "2026-10-25T23:00:00Z..2026-10-26T00:00:00Z"), ranges(plan));
        assertEquals(3, plan.takenOff.size());
        assertEquals(4, plan.added.size());
    }

    /** New York's local midnight is 04:00Z or 05:00Z: the UTC day is placed after it, 4 or 5 hours move. */
    @Test
    public void newYorkMovesTheHoursBeforeLocalMidnight() {
        LocalDays plan = new LocalDays(ZoneId.of("America/New_York"), Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-03T00:00:00Z"));
        // Nov 1 2026 is the day New York's clocks go back: midnight of Nov 1 is 04:00Z, of Nov 2 05:00Z.
        assertEquals(Instant.parse("2026-11-01T04:00:00Z"), plan.dayPlacement.get(Instant.parse("2026-11-01T00:00:00Z")));
        assertEquals(List.of("2026-11-01T00:00:00Z..2026-11-01T04:00:00Z", "2026-11-02T00:00:00Z..2026-11-02T05:00:00Z"),
                ranges(plan));
    }

    @Test
    public void aZoneAtUtcMovesNothing() {
        LocalDays plan = new LocalDays(ZoneId.of("Europe/London"), Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-08T00:00:00Z"));
        assertTrue(plan.hourRanges.isEmpty());
        assertEquals(7, plan.dayPlacement.size());
    }

    @Test
    public void trendsInWholeHourZonesEqualRecordsPutInTheirLocalDaysByHand() {
        Instant from = Instant.parse("2026-09-20T00:00:00Z");
        Instant to = Instant.parse("2026-11-15T00:00:00Z");
        List<UsageRecord> records = randomRecords(from, to, 3000, 7);
        ExecutorService reads = Executors.newFixedThreadPool(2);
        try {
            trendsMatchTheHandMadeLocalDays(records, reads);
        } finally {
            reads.shutdownNow();
        }
    }

    private static void trendsMatchTheHandMadeLocalDays(List<UsageRecord> records, ExecutorService reads) {
        // Across Europe's and America's autumn changes; Tokyo (+9, no DST) moves 9 hours after midnight,
        // Kiritimati (+14) 10 before it, Honolulu (-10) 10 before it.
        for (String zone : List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati",
                "Pacific/Honolulu", "America/Sao_Paulo")) {
            for (Granularity granularity : List.of(Granularity.DAY, Granularity.WEEK, Granularity.MONTH)) {
                ZoneId z = ZoneId.of(zone);
                // A range on local midnights, and one that starts and ends mid-hour.
                Instant localFrom = LocalDate.parse("2026-09-22").atStartOfDay(z).toInstant();
                Instant localTo = LocalDate.parse("2026-11-12").atStartOfDay(z).toInstant();
                for (Instant[] range : List.of(new Instant[] {localFrom, localTo},
                        new Instant[] {localFrom.plusSeconds(5400 + 17), localTo.minusSeconds(1800)})) {
                    InMemoryStore store = new InMemoryStore();
                    records.forEach(store::add);
                    ReportEngine pooled = new ReportEngine(store, () -> null, () -> null,
                            Clock.fixed(Requests.NOW, ZoneOffset.UTC), reads);
                    ReportRequest request = new ReportRequest(ReportType.TREND, UsageQuery.between(range[0], range[1]),
                            List.of(GroupBy.USER), granularity, z);
                    List<String> expected = byHand(records, range[0], range[1], z, granularity);
                    List<String> actual = new ArrayList<>(lines(engine(store).generate(request)));
                    actual.sort(null);
                    assertEquals(zone + " " + granularity + " " + range[0] + ".." + range[1], expected, actual);
                    assertEquals("one read of UTC days", 1, store.rollupQueries.stream()
                            .filter(q -> q.granularity() == Granularity.DAY).count());
                    assertTrue(store.rollupQueries.stream().allMatch(RollupQuery::byTime));
                    // As the service reads: the hours on another thread, beside the days.
                    List<String> overlapped = new ArrayList<>(lines(pooled.generate(request)));
                    overlapped.sort(null);
                    assertEquals("hours read on another thread", expected, overlapped);
                }
            }
        }
    }

    @Test
    public void aGroupSeenOnlyInMovedHoursLeavesNoEmptyRowBehind() {
        // Only carol's call, at 23:30Z on Nov 2: 00:30 on Nov 3 in Berlin. The UTC day Nov 2 holds it,
        // is placed on local Nov 2, and the hour 23:00Z moves it on: local Nov 2 must have no carol row at 0.
        InMemoryStore store = new InMemoryStore().add(
                record("2026-11-02T23:30:00Z", "openai", "gpt-4o", "carol", "p1", "0.40", 100, 10));
        List<String> lines = lines(engine(store).generate(new ReportRequest(ReportType.TREND,
                UsageQuery.between(Instant.parse("2026-11-01T23:00:00Z"), Instant.parse("2026-11-03T23:00:00Z")),
                List.of(GroupBy.USER), Granularity.DAY, ZoneId.of("Europe/Berlin"))));
        assertEquals(List.of("2026-11-03|carol=0.40/1"), lines);
    }

    @Test
    public void rollupsThatDisagreeAreAnErrorNotAReport() {
        // A store whose day rows miss what its hour rows hold (as if a day rollup had been lost).
        InMemoryStore store = new InMemoryStore().add(
                record("2026-11-02T23:30:00Z", "openai", "gpt-4o", "carol", "p1", "0.40", 100, 10));
        store.dayRollupsLost = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine(store).generate(
                new ReportRequest(ReportType.TREND, UsageQuery.between(Instant.parse("2026-11-01T23:00:00Z"),
                        Instant.parse("2026-11-03T23:00:00Z")), List.of(), Granularity.DAY,
                        ZoneId.of("Europe/Berlin"))));
        assertTrue(e.getMessage(), e.getMessage().contains("rollups disagree"));
    }

    private static List<String> ranges(LocalDays plan) {
        return plan.hourRanges.stream().map(r -> r[0] + ".." + r[1]).toList();
    }

    private static List<UsageRecord> randomRecords(Instant from, Instant to, int n, long seed) {
        Random random = new Random(seed);
        String[] users = {"alice", "bob", "carol", "dave"};
        List<UsageRecord> records = new ArrayList<>();
        long span = to.getEpochSecond() - from.getEpochSecond();
        for (int i = 0; i < n; i++) {
            Instant at = from.plusSeconds(Math.floorMod(random.nextLong(), span));
            String cost = BigDecimal.valueOf(1 + random.nextInt(5_000_000), 9).toPlainString();
            records.add(record(at.toString(), "openai", "gpt-4o", users[random.nextInt(users.length)], "p1",
                    random.nextInt(50) == 0 ? null : cost, 10 + random.nextInt(1000), random.nextInt(500)));
        }
        return records;
    }

    /** Every record in its local bucket by java.time alone, as {@code label|user=cost/calls}, sorted. */
    private static List<String> byHand(List<UsageRecord> records, Instant from, Instant to, ZoneId zone,
            Granularity granularity) {
        Map<String, BigDecimal> cost = new TreeMap<>();
        Map<String, Long> calls = new TreeMap<>();
        for (UsageRecord r : records) {
            Instant t = r.report().timestamp();
            if (t.isBefore(from) || !t.isBefore(to)) {
                continue;
            }
            LocalDate day = t.atZone(zone).toLocalDate();
            String label = switch (granularity) {
                case DAY -> day.toString();
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
                case MONTH -> day.toString().substring(0, 7);
                case HOUR -> throw new IllegalArgumentException();
            };
            String key = label + "|" + r.report().dimensions().userId();
            BigDecimal c = r.charge().cost() == null ? BigDecimal.ZERO : r.charge().cost().amount();
            cost.merge(key, c, BigDecimal::add);
            calls.merge(key, 1L, Long::sum);
        }
        List<String> lines = new ArrayList<>();
        cost.forEach((key, c) -> lines.add(key + "=" + Money.of(c, java.util.Currency.getInstance("USD")).toPlainString() + "/" + calls.get(key)));
        lines.sort(null);
        return lines;
    }
}
