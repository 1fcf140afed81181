package org.atlas.budget.reports.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;

/** Spend, calls and tokens in the range, per group; each row's share of its currency's total. */
final class SummaryReport {

    private SummaryReport() {
    }

    static Report make(ReportContext ctx) {
        List<GroupBy> groupBy = ctx.request.groupBy();
        Map<Cell, Tally> cells = Groups.withoutTime(
                ctx.read(ctx.request.filter().from(), ctx.request.filter().to(), groupBy, null));
        Totals totals = Totals.of(cells);
        if (groupBy.contains(GroupBy.TAG)) {
            ctx.notes.add("A record with several tags counts once under each of its tags, so the TAG rows can add"
                    + " up to more than the total; records without tags are under the empty tag.");
        }
        List<ReportRow> rows = new ArrayList<>();
        for (Map.Entry<Cell, Tally> e : Groups.bySpend(cells)) {
            java.math.BigDecimal whole = groupBy.contains(GroupBy.TAG) ? null : totals.get(e.getKey().currency());
            Map<String, String> extra = whole == null || whole.signum() == 0 ? Map.of()
                    : Map.of("sharePercent", Amounts.plain(Amounts.percent(e.getValue().cost, whole)));
            rows.add(Groups.row(e.getKey().keys(), e.getKey(), e.getValue(), extra));
        }
        Groups.noteUnpriced(cells, ctx.notes);
        if (!groupBy.contains(GroupBy.TAG)) {
            ctx.notes.add("sharePercent is a row's share of its currency's total, to 2 places, rounded half-even.");
        }
        Money total = tagFreeTotal(ctx, groupBy, totals);
        if (rows.isEmpty()) {
            ctx.notes.add("No usage was recorded in the range.");
        }
        return ctx.report(total, rows);
    }

    /** Under a TAG group-by the rows double-count; the total is read again without it. */
    private static Money tagFreeTotal(ReportContext ctx, List<GroupBy> groupBy, Totals totals) {
        if (!groupBy.contains(GroupBy.TAG)) {
            return totals.reportTotal(ctx.notes);
        }
        Map<Cell, Tally> plain = ctx.read(ctx.request.filter().from(), ctx.request.filter().to(), List.of(), null);
        return Totals.of(plain).reportTotal(ctx.notes);
    }
}
