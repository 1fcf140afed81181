package org.atlas.budget.api.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * A policy's period: its kind, the time zone calendar periods follow, and for {@code CUSTOM}
 * its fixed range.
 *
 * <p>Calendar periods start at local midnight (or the top of the local hour) in {@code zone},
 * so a daily budget in {@code Europe/Berlin} resets at Berlin midnight, and a day across a
 * daylight-saving change lasts 23 or 25 hours. Where a local midnight does not exist, the period
 * starts at the first valid instant of that day (as {@link LocalDate#atStartOfDay(ZoneId)} says).
 *
 * @param kind        the kind of period
 * @param zone        the time zone of calendar periods (UTC when none is given)
 * @param customStart for {@code CUSTOM} only: the first instant, inclusive
 * @param customEnd   for {@code CUSTOM} only: the end, exclusive
 */
public record Period(PeriodKind kind, ZoneId zone, Instant customStart, Instant customEnd) {

    public Period {
        Checks.required(kind, "period");
        zone = zone == null ? ZoneId.of("UTC") : zone;
        if (kind == PeriodKind.CUSTOM) {
            Checks.required(customStart, "customStart");
            Checks.required(customEnd, "customEnd");
            if (!customStart.isBefore(customEnd)) {
                throw new IllegalArgumentException("customStart (" + customStart + ") must be before customEnd ("
                        + customEnd + ")");
            }
        } else if (customStart != null || customEnd != null) {
            throw new IllegalArgumentException("customStart and customEnd belong to CUSTOM periods only, not " + kind);
        }
    }

    public static Period of(PeriodKind kind, ZoneId zone) {
        return new Period(kind, zone, null, null);
    }

    public static Period custom(Instant start, Instant end) {
        return new Period(PeriodKind.CUSTOM, ZoneId.of("UTC"), start, end);
    }

    /** Parses an IANA time-zone id with a message that names the field. */
    public static ZoneId zone(String id) {
        Checks.required(id, "timeZone");
        try {
            return ZoneId.of(id.strip());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("timeZone must be an IANA zone id such as Europe/Berlin or UTC, was '"
                    + id + "'", e);
        }
    }

    /**
     * The start of the bucket that holds {@code at}: for calendar periods the start of the
     * period, for rolling windows {@code at} minus the window, for lifetime {@link Instant#EPOCH}.
     */
    public Instant start(Instant at) {
        return switch (kind) {
            case LIFETIME -> Instant.EPOCH;
            case CUSTOM -> customStart;
            case ROLLING_24H, ROLLING_7D, ROLLING_30D -> at.minus(kind.window());
            default -> calendarStart(at.atZone(zone)).toInstant();
        };
    }

    /**
     * When the bucket that holds {@code at} ends (exclusive): the next reset. {@code null} for
     * lifetime and rolling windows, which never reset.
     */
    public Instant end(Instant at) {
        return switch (kind) {
            case LIFETIME, ROLLING_24H, ROLLING_7D, ROLLING_30D -> null;
            case CUSTOM -> customEnd;
            default -> next(calendarStart(at.atZone(zone))).toInstant();
        };
    }

    /** True when {@code at} lies inside the period; always true except outside a custom range. */
    public boolean covers(Instant at) {
        return kind != PeriodKind.CUSTOM || (!at.isBefore(customStart) && at.isBefore(customEnd));
    }

    private ZonedDateTime calendarStart(ZonedDateTime t) {
        LocalDate day = t.toLocalDate();
        return switch (kind) {
            case HOURLY -> t.truncatedTo(ChronoUnit.HOURS);
            case DAILY -> day.atStartOfDay(zone);
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone);
            case MONTHLY -> day.withDayOfMonth(1).atStartOfDay(zone);
            case QUARTERLY -> day.withDayOfMonth(1).withMonth(((day.getMonthValue() - 1) / 3) * 3 + 1)
                    .atStartOfDay(zone);
            case YEARLY -> day.withDayOfYear(1).atStartOfDay(zone);
            default -> throw new IllegalStateException("not a calendar period: " + kind);
        };
    }

    private ZonedDateTime next(ZonedDateTime start) {
        LocalDate day = start.toLocalDate();
        return switch (kind) {
            // Hours are absolute: a local hour repeated by a DST change is two hourly periods.
            case HOURLY -> start.plusHours(1);
            case DAILY -> day.plusDays(1).atStartOfDay(zone);
            case WEEKLY -> day.plusWeeks(1).atStartOfDay(zone);
            case MONTHLY -> day.plusMonths(1).atStartOfDay(zone);
            case QUARTERLY -> day.plusMonths(3).atStartOfDay(zone);
            case YEARLY -> day.plusYears(1).atStartOfDay(zone);
            default -> throw new IllegalStateException("not a calendar period: " + kind);
        };
    }
}
