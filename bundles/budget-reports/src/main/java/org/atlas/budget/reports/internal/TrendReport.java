package org.atlas.budget.reports.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;

/**
 * Spend per time bucket of the report's zone. Ungrouped, every bucket of the range has a row
 * (empty ones at 0), so a chart shows the gaps; grouped, each bucket has a row per group with
 * usage.
 */
final class TrendReport {

    private TrendReport() {
    }

    static Report make(ReportContext ctx) {
        Instant from = ctx.request.filter().from();
        Instant to = ctx.request.filter().to();
        Granularity granularity = ctx.request.granularity();
        Buckets buckets = new Buckets(ctx.request.zone(), granularity);
        Map<Cell, Tally> cells = ctx.read(from, to, ctx.request.groupBy(), granularity);

        TreeMap<Instant, Map<Cell, Tally>> byBucket = new TreeMap<>();
        for (Map.Entry<Cell, Tally> e : cells.entrySet()) {
            byBucket.computeIfAbsent(buckets.start(e.getKey().at()), b -> new HashMap<>())
                    .computeIfAbsent(e.getKey().withoutTime(), c -> new Tally()).add(e.getValue());
        }
        Totals totals = Totals.of(cells);
        Money total = totals.reportTotal(ctx.notes);
        List<ReportRow> rows = new ArrayList<>();
        Instant first = buckets.start(from);
        Instant last = first;
        for (Instant start = first; start.isBefore(to); start = buckets.next(start)) {
            last = start;
            String label = buckets.label(start);
            Map<Cell, Tally> inBucket = byBucket.getOrDefault(start, Map.of());
            if (inBucket.isEmpty() && ctx.request.groupBy().isEmpty()) {
                rows.add(new ReportRow(List.of(label), Money.zero(totals.primaryCurrency()), 0, 0, 0, Map.of()));
                continue;
            }
            for (Map.Entry<Cell, Tally> e : Groups.bySpend(inBucket)) {
                List<String> keys = new ArrayList<>();
                keys.add(label);
                keys.addAll(e.getKey().keys());
                rows.add(Groups.row(keys, e.getKey(), e.getValue(), Map.of()));
            }
        }
        ctx.notes.add("Buckets are " + granularity.name().toLowerCase() + "s in " + ctx.request.zone()
                + (granularity == Granularity.WEEK ? " (ISO weeks from Monday, labelled by their first day)" : "")
                + ".");
        if (!first.equals(from) || buckets.next(last).isAfter(to)) {
            ctx.notes.add("The range " + from + " to " + to + " does not cover its first and last buckets whole;"
                    + " those buckets hold only the part inside the range.");
        }
        Groups.noteUnpriced(cells, ctx.notes);
        return ctx.report(total, rows);
    }
}
