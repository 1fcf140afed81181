package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Projects daily spend over the rest of a period from recent days of the same zone.
 *
 * <p>With at least two full weeks of history: the day-of-week average. Every remaining day
 * (today's rest and a partial last day pro rata) is projected at the spend of the same weekday
 * in each of the last {@code weeks} full weeks; the point is the mean of those week-by-week
 * projections, low and high the smallest and largest. With less: the flat mean of the days seen,
 * low and high at the lowest and highest day. Without any: nothing.
 */
final class Projection {

    /** Days of history needed for weekly seasonality. */
    static final int SEASONAL_DAYS = 14;

    enum Method { DAY_OF_WEEK, FLAT_MEAN, NONE }

    /** One remaining day and the share of it that lies in the rest of the period. */
    record DayShare(LocalDate date, BigDecimal fraction) {
    }

    /** The projected spend of the rest of the period (before rounding), with its range. */
    record Result(BigDecimal point, BigDecimal low, BigDecimal high) {
    }

    final Method method;
    final int historyDays;
    private final LocalDate today;
    private final List<DayShare> shares;

    /**
     * @param observedDays full days from the first day with usage up to today (excluded)
     */
    Projection(LocalDate today, int observedDays, int maxHistoryDays, List<DayShare> shares) {
        this.today = today;
        this.shares = List.copyOf(shares);
        this.historyDays = Math.min(observedDays, maxHistoryDays);
        if (historyDays >= SEASONAL_DAYS) {
            method = Method.DAY_OF_WEEK;
        } else if (historyDays >= 1) {
            method = Method.FLAT_MEAN;
        } else {
            method = Method.NONE;
        }
    }

    int weeks() {
        return historyDays / 7;
    }

    /** The remaining days of {@code [max(now, from), to)} in the zone, each with its covered fraction. */
    static List<DayShare> remainingDays(Instant now, Instant from, Instant to, ZoneId zone) {
        Instant start = now.isAfter(from) ? now : from;
        List<DayShare> result = new ArrayList<>();
        for (LocalDate date = start.atZone(zone).toLocalDate(); ; date = date.plusDays(1)) {
            Instant dayStart = date.atStartOfDay(zone).toInstant();
            if (!dayStart.isBefore(to)) {
                return result;
            }
            Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
            Instant coveredFrom = start.isAfter(dayStart) ? start : dayStart;
            Instant coveredTo = to.isBefore(dayEnd) ? to : dayEnd;
            if (coveredFrom.isBefore(coveredTo)) {
                // Days of 23 or 25 hours (DST) count by their real length.
                BigDecimal covered = BigDecimal.valueOf(Duration.between(coveredFrom, coveredTo).toMillis());
                BigDecimal length = BigDecimal.valueOf(Duration.between(dayStart, dayEnd).toMillis());
                result.add(new DayShare(date, covered.divide(length, Amounts.INTERMEDIATE)));
            }
        }
    }

    Result project(Map<LocalDate, BigDecimal> daily) {
        return switch (method) {
            case DAY_OF_WEEK -> dayOfWeek(daily);
            case FLAT_MEAN -> flat(daily);
            case NONE -> new Result(BigDecimal.ZERO, null, null);
        };
    }

    private Result dayOfWeek(Map<LocalDate, BigDecimal> daily) {
        int weeks = weeks();
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal low = null;
        BigDecimal high = null;
        for (int w = 0; w < weeks; w++) {
            LocalDate weekStart = today.minusWeeks(w + 1L);
            BigDecimal projected = BigDecimal.ZERO;
            for (DayShare share : shares) {
                int offset = Math.floorMod(share.date().getDayOfWeek().getValue()
                        - today.getDayOfWeek().getValue(), 7);
                BigDecimal value = daily.getOrDefault(weekStart.plusDays(offset), BigDecimal.ZERO);
                projected = projected.add(share.fraction().multiply(value, Amounts.INTERMEDIATE), Amounts.INTERMEDIATE);
            }
            sum = sum.add(projected, Amounts.INTERMEDIATE);
            low = low == null || projected.compareTo(low) < 0 ? projected : low;
            high = high == null || projected.compareTo(high) > 0 ? projected : high;
        }
        return new Result(sum.divide(BigDecimal.valueOf(weeks), Amounts.INTERMEDIATE), low, high);
    }

    private Result flat(Map<LocalDate, BigDecimal> daily) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min = null;
        BigDecimal max = null;
        for (int d = 1; d <= historyDays; d++) {
            BigDecimal value = daily.getOrDefault(today.minusDays(d), BigDecimal.ZERO);
            sum = sum.add(value);
            min = min == null || value.compareTo(min) < 0 ? value : min;
            max = max == null || value.compareTo(max) > 0 ? value : max;
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(historyDays), Amounts.INTERMEDIATE);
        BigDecimal fractions = BigDecimal.ZERO;
        for (DayShare share : shares) {
            fractions = fractions.add(share.fraction(), Amounts.INTERMEDIATE);
        }
        return new Result(fractions.multiply(mean, Amounts.INTERMEDIATE), fractions.multiply(min, Amounts.INTERMEDIATE),
                fractions.multiply(max, Amounts.INTERMEDIATE));
    }
}
