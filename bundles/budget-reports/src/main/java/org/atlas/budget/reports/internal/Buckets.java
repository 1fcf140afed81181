package org.atlas.budget.reports.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

import org.atlas.budget.api.model.Granularity;

/** Time buckets in a report's zone: hours, days, ISO weeks (from Monday) and months. */
final class Buckets {

    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXXX");

    private final ZoneId zone;
    private final Granularity granularity;

    Buckets(ZoneId zone, Granularity granularity) {
        this.zone = zone;
        this.granularity = granularity;
    }

    /** The start of the bucket that holds {@code t}. */
    Instant start(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        ZonedDateTime start = switch (granularity) {
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
            case DAY -> local.toLocalDate().atStartOfDay(zone);
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(zone);
            case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
        };
        return start.toInstant();
    }

    /** The start of the bucket after the one starting at {@code start}. */
    Instant next(Instant start) {
        if (granularity == Granularity.HOUR) {
            return start.plusSeconds(3600);
        }
        LocalDate day = start.atZone(zone).toLocalDate();
        LocalDate nextDay = switch (granularity) {
            case DAY -> day.plusDays(1);
            case WEEK -> day.plusWeeks(1);
            default -> day.plusMonths(1);
        };
        return nextDay.atStartOfDay(zone).toInstant();
    }

    /** A label that sorts like the buckets: ISO date (day, week of, month's first day) or hour with offset. */
    String label(Instant start) {
        ZonedDateTime local = start.atZone(zone);
        return switch (granularity) {
            case HOUR -> HOUR_LABEL.format(local);
            case DAY, WEEK -> local.toLocalDate().toString();
            case MONTH -> local.toLocalDate().toString().substring(0, 7);
        };
    }

    /**
     * Whether the zone's offset is a whole number of hours all through the range, so that every
     * UTC hour of the rollups falls into exactly one local bucket.
     */
    static boolean wholeHourOffsets(ZoneId zone, Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        if (!wholeHours(rules.getOffset(from))) {
            return false;
        }
        ZoneOffsetTransition transition = rules.nextTransition(from);
        while (transition != null && transition.getInstant().isBefore(to)) {
            if (!wholeHours(transition.getOffsetAfter())) {
                return false;
            }
            transition = rules.nextTransition(transition.getInstant());
        }
        return true;
    }

    private static boolean wholeHours(ZoneOffset offset) {
        return offset.getTotalSeconds() % 3600 == 0;
    }

    /** Whether the zone is UTC all through (so UTC-day rollups are local days). */
    static boolean isUtc(ZoneId zone) {
        return zone.getRules().isFixedOffset() && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0;
    }
}
