package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;

/**
 * The range against the range of the same length just before it, per group, with the change in
 * money and in percent.
 */
final class ComparisonReport {

    private ComparisonReport() {
    }

    static Report make(ReportContext ctx) {
        Instant from = ctx.request.filter().from();
        Instant to = ctx.request.filter().to();
        Instant previousFrom = from.minus(Duration.between(from, to));
        Map<Cell, Tally> current = Groups.withoutTime(ctx.read(from, to, ctx.request.groupBy(), null));
        Map<Cell, Tally> previous = Groups.withoutTime(ctx.read(previousFrom, from, ctx.request.groupBy(), null));
        ctx.notes.add("Compared with the range of the same length just before: " + previousFrom + " to " + from
                + ". changePercent = (current - previous) / previous * 100, to 2 places, rounded half-even;"
                + " it is left out where the previous spend is 0.");

        Map<Cell, Tally> union = new HashMap<>(current);
        previous.keySet().forEach(cell -> union.putIfAbsent(cell, new Tally()));
        List<ReportRow> rows = new ArrayList<>();
        for (Map.Entry<Cell, Tally> e : Groups.bySpend(union)) {
            Tally before = previous.getOrDefault(e.getKey(), new Tally());
            rows.add(Groups.row(e.getKey().keys(), e.getKey(), e.getValue(), change(e.getValue(), before)));
        }
        Totals now = Totals.of(current);
        Totals then = Totals.of(previous);
        Money total = now.reportTotal(ctx.notes);
        BigDecimal previousTotal = then.get(total.currency());
        String line = "Total " + Amounts.plain(total.amount()) + " " + total.currency().getCurrencyCode()
                + " against " + Amounts.plain(previousTotal) + " before";
        if (previousTotal.signum() != 0) {
            line += " (" + Amounts.signed(Amounts.percent(total.amount().subtract(previousTotal), previousTotal))
                    + "%)";
        }
        ctx.notes.add(line + ".");
        Map<Cell, Tally> both = new HashMap<>(current);
        previous.forEach((cell, tally) -> both.computeIfAbsent(cell, c -> new Tally()).add(tally));
        Groups.noteUnpriced(both, ctx.notes);
        return ctx.report(total, rows);
    }

    private static Map<String, String> change(Tally now, Tally before) {
        Map<String, String> extra = new TreeMap<>();
        BigDecimal delta = now.cost.subtract(before.cost);
        extra.put("previous", Amounts.plain(before.cost));
        extra.put("previousCalls", Long.toString(before.calls));
        extra.put("change", Amounts.signed(delta));
        if (before.cost.signum() != 0) {
            extra.put("changePercent", Amounts.signed(Amounts.percent(delta, before.cost)));
        }
        return extra;
    }
}
