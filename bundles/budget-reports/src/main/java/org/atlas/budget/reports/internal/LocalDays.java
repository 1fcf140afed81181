package org.atlas.budget.reports.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a range of whole hours becomes local days of a zone whose offset is a whole number of hours,
 * read mostly from UTC-day rollups.
 *
 * <p>A local midnight falls a whole number of hours into a UTC day (one at most: a local day is
 * never shorter than 23 hours). A UTC day's rollup row is placed in one of the two local days it
 * touches, the one that needs fewer corrections; the hours of the other local day, and the hours
 * outside the range, are taken off it, and those inside the range are added at their own hour.
 * Berlin takes one or two hours a day, New York four or five, never more than twelve, instead of
 * reading all 24. A UTC day at an edge of the range is read hour by hour when that reads fewer
 * hours. The sums stay exact: a day row is the sum of its hour rows, written in the same
 * transaction.
 */
final class LocalDays {

    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    /** Where each UTC day read as a day row is placed: an instant inside the local day that gets it. */
    final Map<Instant, Instant> dayPlacement = new HashMap<>();
    /** The hours taken off a day row, and where that row was placed. */
    final Map<Instant, Instant> takenOff = new HashMap<>();
    /** The hours added at their own time (taken off because they belong to another local day, or at an edge). */
    final Set<Instant> added = new HashSet<>();
    /** Every hour to read, as ranges of consecutive hours in time order. */
    final List<Instant[]> hourRanges = new ArrayList<>();
    /** The UTC days to read as day rows, {@code [daysFrom, daysTo)}; equal when there are none. */
    Instant daysFrom;
    Instant daysTo;

    /** Plans the whole hours {@code [from, to)}. */
    LocalDays(ZoneId zone, Instant from, Instant to) {
        long first = Math.floorDiv(from.getEpochSecond(), DAY) * DAY;
        List<Long> hours = new ArrayList<>();
        for (long day = first; day < to.getEpochSecond(); day += DAY) {
            plan(zone, day, from.getEpochSecond(), to.getEpochSecond(), hours);
        }
        hours.sort(null);
        for (long hour : hours) {
            Instant[] last = hourRanges.isEmpty() ? null : hourRanges.get(hourRanges.size() - 1);
            if (last != null && last[1].getEpochSecond() == hour) {
                last[1] = Instant.ofEpochSecond(hour + HOUR);
            } else {
                hourRanges.add(new Instant[] {Instant.ofEpochSecond(hour), Instant.ofEpochSecond(hour + HOUR)});
            }
        }
        if (daysFrom == null) {
            daysFrom = from;
            daysTo = from;
        }
    }

    private void plan(ZoneId zone, long day, long from, long to, List<Long> hours) {
        Instant start = Instant.ofEpochSecond(day);
        LocalDate startDate = start.atZone(zone).toLocalDate();
        long midnight = startDate.plusDays(1).atStartOfDay(zone).toEpochSecond();
        if (midnight % HOUR != 0) {
            throw new IllegalArgumentException(zone + " has a midnight off the hour at " + Instant.ofEpochSecond(midnight));
        }
        List<Long> inRange = new ArrayList<>();
        for (long h = Math.max(day, from); h < Math.min(day + DAY, to); h += HOUR) {
            inRange.add(h);
        }
        // Placed at the day's start, the row keeps the hours before local midnight; placed at the
        // midnight, those after it. Either way every other hour, and every hour out of range, is taken off.
        List<Long> offAtStart = new ArrayList<>();
        List<Long> offAtMidnight = new ArrayList<>();
        for (long h = day; h < day + DAY; h += HOUR) {
            boolean outside = h < from || h >= to;
            if (outside || h >= midnight) {
                offAtStart.add(h);
            }
            if (outside || h < midnight) {
                offAtMidnight.add(h);
            }
        }
        boolean midnightInside = midnight < day + DAY;
        List<Long> off = !midnightInside || offAtStart.size() <= offAtMidnight.size() ? offAtStart : offAtMidnight;
        Instant placement = off == offAtStart ? start : Instant.ofEpochSecond(midnight);
        if (off.size() >= inRange.size()) {
            // Fewer reads hour by hour (an edge day with few hours in the range).
            for (long h : inRange) {
                added.add(Instant.ofEpochSecond(h));
                hours.add(h);
            }
            return;
        }
        dayPlacement.put(start, placement);
        if (daysFrom == null) {
            daysFrom = start;
        }
        daysTo = Instant.ofEpochSecond(day + DAY);
        for (long h : off) {
            takenOff.put(Instant.ofEpochSecond(h), placement);
            if (h >= from && h < to) {
                added.add(Instant.ofEpochSecond(h));
            }
            hours.add(h);
        }
    }
}
