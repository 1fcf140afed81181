package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;

/**
 * Spend projected to the end of the period {@code [from, to)}: the actual spend so far plus the
 * projection of the rest ({@link Projection}), per group, with a low/high range.
 */
final class ForecastReport {

    private ForecastReport() {
    }

    static Report make(ReportContext ctx) {
        ZoneId zone = ctx.request.zone();
        Instant from = ctx.request.filter().from();
        Instant to = ctx.request.filter().to();
        Instant now = ctx.now;
        List<GroupBy> groupBy = ctx.request.groupBy();

        LocalDate today = now.atZone(zone).toLocalDate();
        int maxHistory = ctx.settings.forecastHistoryDays();
        Instant todayStart = today.atStartOfDay(zone).toInstant();
        Instant historyFrom = today.minusDays(maxHistory).atStartOfDay(zone).toInstant();
        List<Projection.DayShare> shares = now.isBefore(to) ? Projection.remainingDays(now, from, to, zone) : List.of();

        Forecast grouped = forecast(ctx, from, to, groupBy, historyFrom, todayStart, today, shares);
        Forecast overall = groupBy.isEmpty() ? grouped
                : forecast(ctx, from, to, List.of(), historyFrom, todayStart, today, shares);

        List<ReportRow> rows = new ArrayList<>();
        grouped.rows.entrySet().stream()
                .sorted((a, b) -> {
                    int byCost = b.getValue().cost().amount().compareTo(a.getValue().cost().amount());
                    return byCost != 0 ? byCost : Groups.BY_KEYS.compare(a.getKey(), b.getKey());
                })
                .forEach(e -> rows.add(e.getValue()));

        Totals totals = new Totals();
        overall.rows.forEach((cell, row) -> totals.add(cell.currency(), row.cost().amount()));
        Money total = totals.reportTotal(ctx.notes);
        ReportRow totalRow = overall.rows.get(new Cell(null, List.of(), total.currency()));
        describe(ctx, grouped.projection, shares.isEmpty(), totalRow, total);
        Groups.noteUnpriced(grouped.actual, ctx.notes);
        return ctx.report(total, rows);
    }

    private record Forecast(Projection projection, Map<Cell, ReportRow> rows, Map<Cell, Tally> actual) {
    }

    private static Forecast forecast(ReportContext ctx, Instant from, Instant to, List<GroupBy> groupBy,
            Instant historyFrom, Instant todayStart, LocalDate today, List<Projection.DayShare> shares) {
        Instant cut = ctx.now.isBefore(to) ? ctx.now : to;
        Map<Cell, Tally> actual = from.isBefore(cut) ? Groups.withoutTime(ctx.read(from, cut, groupBy, null))
                : new HashMap<>();
        Map<Cell, Map<LocalDate, BigDecimal>> daily = new HashMap<>();
        LocalDate firstSeen = null;
        for (Map.Entry<Cell, Tally> e : ctx.read(historyFrom, todayStart, groupBy, Granularity.DAY).entrySet()) {
            LocalDate date = e.getKey().at().atZone(ctx.request.zone()).toLocalDate();
            daily.computeIfAbsent(e.getKey().withoutTime(), c -> new HashMap<>())
                    .merge(date, e.getValue().cost, BigDecimal::add);
            if (e.getValue().calls > 0 && (firstSeen == null || date.isBefore(firstSeen))) {
                firstSeen = date;
            }
        }
        int observed = firstSeen == null ? 0 : (int) ChronoUnit.DAYS.between(firstSeen, today);
        Projection projection = new Projection(today, observed, ctx.settings.forecastHistoryDays(), shares);

        Map<Cell, ReportRow> rows = new HashMap<>();
        List<Cell> groups = new ArrayList<>(actual.keySet());
        daily.keySet().stream().filter(c -> !actual.containsKey(c)).forEach(groups::add);
        if (groups.isEmpty() && groupBy.isEmpty()) {
            groups.add(new Cell(null, List.of(), UsageSource.UNPRICED_CURRENCY));
        }
        for (Cell group : groups) {
            Tally done = actual.getOrDefault(group, new Tally());
            Projection.Result rest = shares.isEmpty() ? new Projection.Result(BigDecimal.ZERO, null, null)
                    : projection.project(daily.getOrDefault(group, Map.of()));
            Currency currency = group.currency();
            Map<String, String> extra = new TreeMap<>();
            extra.put("actualToDate", Amounts.plain(done.cost));
            extra.put("projectedRest", Amounts.plain(Amounts.money(rest.point(), currency).amount()));
            if (rest.low() != null) {
                extra.put("low", Amounts.plain(Amounts.money(done.cost.add(rest.low()), currency).amount()));
                extra.put("high", Amounts.plain(Amounts.money(done.cost.add(rest.high()), currency).amount()));
            }
            Tally projected = new Tally();
            projected.add(done);
            projected.cost = Amounts.money(done.cost.add(rest.point()), currency).amount();
            rows.put(group, Groups.row(group.keys(), group, projected, extra));
        }
        return new Forecast(projection, rows, actual);
    }

    private static void describe(ReportContext ctx, Projection projection, boolean ended, ReportRow totalRow,
            Money total) {
        String zone = ctx.request.zone().toString();
        if (ended) {
            ctx.notes.add("The period has ended (or has no time left): the figures are the actual spend, nothing"
                    + " is projected.");
        } else {
            switch (projection.method) {
                case DAY_OF_WEEK -> ctx.notes.add("Method: day-of-week average. Each remaining day of the period"
                        + " (today's rest and a partial last day pro rata by time) is projected at the spend of the"
                        + " same weekday in each of the last " + projection.weeks() + " full weeks (days in " + zone
                        + "); the forecast is the spend so far plus the mean of those " + projection.weeks()
                        + " week-by-week projections; low and high are the smallest and largest of them.");
                case FLAT_MEAN -> ctx.notes.add("Too little history for weekly seasonality: " + projection.historyDays
                        + " days of usage (" + Projection.SEASONAL_DAYS + " needed). Method: flat mean. Each"
                        + " remaining day is projected at the mean daily spend of those days; low and high use the"
                        + " lowest and the highest day, so the range is wide.");
                case NONE -> ctx.notes.add("Too little history: no usage in the last "
                        + ctx.settings.forecastHistoryDays() + " days before today, so nothing is projected and"
                        + " there is no range; the forecast is the spend so far.");
            }
        }
        ctx.notes.add("actualToDate is the spend from the period's start until " + ctx.now
                + "; cost is actualToDate plus projectedRest. Intermediate values are kept to 34 significant"
                + " digits (DECIMAL128); amounts are rounded half-even to 9 places (Money.SETTLE_ROUNDING).");
        if (totalRow != null) {
            String line = "Projected total " + total + " (so far " + totalRow.extra().get("actualToDate");
            if (totalRow.extra().containsKey("low")) {
                line += "; range " + totalRow.extra().get("low") + " to " + totalRow.extra().get("high");
            }
            ctx.notes.add(line + ").");
        }
    }
}
