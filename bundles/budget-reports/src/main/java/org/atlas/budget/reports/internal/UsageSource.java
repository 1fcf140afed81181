package org.atlas.budget.reports.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * Reads sums of usage for a report from the store. Rollups answer whole hours and whole UTC days
 * (and local days of zones with whole-hour offsets, from UTC days and a few hours: {@link LocalDays});
 * the minutes of a range outside whole hours, tag filters and tag group-bys (not rolled up), and
 * zones whose offset is not a whole number of hours come from the raw records, every page of
 * them. Each such read is said in the notes.
 */
final class UsageSource {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final BudgetStore store;
    /** Runs the hour read of local days beside the day read (see readLocalDays). */
    private final Executor reads;

    UsageSource(BudgetStore store, Executor reads) {
        this.store = Objects.requireNonNull(store, "store");
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /**
     * @param rawReason why the whole range must come from raw records, or {@code null} to use rollups
     */
    Fetched fetch(UsageQuery filter, Instant from, Instant to, List<GroupBy> groupBy, TimeSplit split, ZoneId zone,
            String rawReason) {
        Map<Cell, Tally> cells = new HashMap<>();
        List<String> notes = new ArrayList<>();
        String reason = rawReason;
        if (reason == null && filter.tag() != null) {
            reason = "the tag filter '" + filter.tag() + "' is not rolled up";
        }
        if (reason == null && groupBy.contains(GroupBy.TAG)) {
            reason = "tags are not rolled up";
        }
        if (reason != null) {
            long read = readRaw(filter, from, to, groupBy, split, cells);
            notes.add("Read from " + read + " raw usage records (every page), not from rollups, because " + reason
                    + "; records removed by retention (pruneUsage) are not in them.");
            return new Fetched(cells, read, notes);
        }
        Instant hourFrom = ceil(from, HOUR);
        Instant hourTo = floor(to, HOUR);
        if (!hourFrom.isBefore(hourTo)) {
            long read = readRaw(filter, from, to, groupBy, split, cells);
            notes.add("The range lies within one hour: read from " + read + " raw usage records.");
            return new Fetched(cells, read, notes);
        }
        long read = 0;
        if (from.isBefore(hourFrom)) {
            read += readRaw(filter, from, hourFrom, groupBy, split, cells);
        }
        if (hourTo.isBefore(to)) {
            read += readRaw(filter, hourTo, to, groupBy, split, cells);
        }
        if (read > 0 || from.isBefore(hourFrom) || hourTo.isBefore(to)) {
            notes.add("Whole hours were read from rollups; the minutes outside whole hours from " + read
                    + " raw usage records (records removed by retention are not in them).");
        }
        if (split == TimeSplit.HOUR) {
            readRollups(filter, hourFrom, hourTo, Granularity.HOUR, groupBy, true, cells);
            return new Fetched(cells, read, notes);
        }
        if (split == TimeSplit.LOCAL_DAY) {
            readLocalDays(filter, hourFrom, hourTo, groupBy, zone, cells);
            return new Fetched(cells, read, notes);
        }
        Instant dayFrom = ceil(hourFrom, DAY);
        Instant dayTo = floor(hourTo, DAY);
        boolean byTime = split != TimeSplit.NONE;
        if (!dayFrom.isBefore(dayTo)) {
            readRollups(filter, hourFrom, hourTo, Granularity.HOUR, groupBy, byTime, cells);
            return new Fetched(cells, read, notes);
        }
        if (hourFrom.isBefore(dayFrom)) {
            readRollups(filter, hourFrom, dayFrom, Granularity.HOUR, groupBy, byTime, cells);
        }
        readRollups(filter, dayFrom, dayTo, Granularity.DAY, groupBy, byTime, cells);
        if (dayTo.isBefore(hourTo)) {
            readRollups(filter, dayTo, hourTo, Granularity.HOUR, groupBy, byTime, cells);
        }
        return new Fetched(cells, read, notes);
    }

    private void readRollups(UsageQuery filter, Instant from, Instant to, Granularity granularity,
            List<GroupBy> groupBy, boolean byTime, Map<Cell, Tally> cells) {
        for (RollupRow row : store.rollups(rollupQuery(filter, from, to, granularity, groupBy, byTime))) {
            Instant at = byTime ? bucketStart(row, groupBy) : null;
            checked(row, groupBy);
            cells.computeIfAbsent(new Cell(at, row.keys(), row.currency()), c -> new Tally()).add(row);
        }
    }

    /**
     * Local days from UTC-day rollups with the hours {@link LocalDays} takes off or adds, in two
     * reads: the days, and every hour range at once. The two are independent, so the hours are
     * read on {@code reads} while this thread reads the days; on a database the hour read is the
     * longer one (index probes, one per hour), and overlapping them takes the day read's time
     * off the report's.
     */
    private void readLocalDays(UsageQuery filter, Instant hourFrom, Instant hourTo, List<GroupBy> groupBy,
            ZoneId zone, Map<Cell, Tally> cells) {
        LocalDays plan = new LocalDays(zone, hourFrom, hourTo);
        List<RollupQuery> hours = new ArrayList<>();
        for (Instant[] range : plan.hourRanges) {
            hours.add(rollupQuery(filter, range[0], range[1], Granularity.HOUR, groupBy, true));
        }
        CompletableFuture<List<RollupRow>> hourRows = hours.isEmpty() ? CompletableFuture.completedFuture(List.of())
                : CompletableFuture.supplyAsync(() -> store.rollups(hours), reads);
        if (plan.daysFrom.isBefore(plan.daysTo)) {
            for (RollupRow row : store.rollups(rollupQuery(filter, plan.daysFrom, plan.daysTo, Granularity.DAY,
                    groupBy, true))) {
                Instant placed = plan.dayPlacement.get(bucketStart(row, groupBy));
                if (placed == null) {
                    throw new IllegalStateException("the store answered a day rollup row for " + row.bucketStart()
                            + ", outside the days asked for (" + plan.daysFrom + " to " + plan.daysTo + ")");
                }
                cells.computeIfAbsent(new Cell(placed, row.keys(), row.currency()), c -> new Tally()).add(row);
            }
        }
        for (RollupRow row : joined(hourRows)) {
            Instant hour = bucketStart(row, groupBy);
            if (plan.added.contains(hour)) {
                cells.computeIfAbsent(new Cell(hour, row.keys(), row.currency()), c -> new Tally()).add(row);
            }
            Instant placed = plan.takenOff.get(hour);
            if (placed != null) {
                cells.computeIfAbsent(new Cell(placed, row.keys(), row.currency()), c -> new Tally()).subtract(row);
            }
        }
        for (var it = cells.entrySet().iterator(); it.hasNext();) {
            var cell = it.next();
            if (cell.getValue().isNegative()) {
                throw new IllegalStateException("the store's hour and day rollups disagree: taking the hours off"
                        + " the day rows left negative sums for " + cell.getKey());
            }
            if (cell.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    /** The rows of a read on another thread; its failure is rethrown as it was raised there. */
    private static List<RollupRow> joined(CompletableFuture<List<RollupRow>> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static RollupQuery rollupQuery(UsageQuery filter, Instant from, Instant to, Granularity granularity,
            List<GroupBy> groupBy, boolean byTime) {
        return new RollupQuery(from, to, granularity, filter.provider(), filter.model(), filter.userId(),
                filter.projectId(), filter.teamId(), null, groupBy, byTime);
    }

    private static RollupRow checked(RollupRow row, List<GroupBy> groupBy) {
        if (row.keys().size() != groupBy.size()) {
            throw new IllegalStateException("the store answered a rollup row with " + row.keys().size()
                    + " keys for a group-by of " + groupBy.size() + ": " + row.keys());
        }
        return row;
    }

    private static Instant bucketStart(RollupRow row, List<GroupBy> groupBy) {
        return Objects.requireNonNull(checked(row, groupBy).bucketStart(), "bucketStart of a by-time rollup row");
    }

    private long readRaw(UsageQuery filter, Instant from, Instant to, List<GroupBy> groupBy, TimeSplit split,
            Map<Cell, Tally> cells) {
        UsageQuery page = new UsageQuery(from, to, filter.provider(), filter.model(), filter.userId(),
                filter.projectId(), filter.teamId(), filter.tag(), UsageQuery.MAX_LIMIT, null);
        long read = 0;
        while (true) {
            Page<UsageRecord> result = store.queryUsage(page);
            for (UsageRecord record : result.items()) {
                read++;
                Instant at = split == TimeSplit.NONE ? null : record.report().timestamp();
                Currency currency = currencyOf(record);
                for (List<String> keys : Dimension.keysOf(record, groupBy)) {
                    cells.computeIfAbsent(new Cell(at, keys, currency), c -> new Tally()).add(record);
                }
            }
            if (!result.hasMore()) {
                return read;
            }
            if (result.nextCursor().equals(page.cursor())) {
                throw new IllegalStateException("the store answered the same cursor twice: " + page.cursor());
            }
            page = page.withCursor(result.nextCursor());
        }
    }

    /**
     * An UNPRICED record has no currency; it is counted with the currency of its ledger if it has
     * one, else as USD, the currency every shipped catalogue prices in. Its cost is never added.
     */
    private static Currency currencyOf(UsageRecord record) {
        if (record.charge().status() != PricingStatus.UNPRICED) {
            return record.charge().cost().currency();
        }
        return record.ledger().isEmpty() ? UNPRICED_CURRENCY : record.ledger().get(0).amount().currency();
    }

    static final Currency UNPRICED_CURRENCY = Currency.getInstance("USD");

    static Instant floor(Instant t, Duration unit) {
        long s = unit.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    static Instant ceil(Instant t, Duration unit) {
        Instant f = floor(t, unit);
        return f.equals(t) ? f : f.plus(unit);
    }
}
