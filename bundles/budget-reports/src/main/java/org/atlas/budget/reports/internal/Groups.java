package org.atlas.budget.reports.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.ReportRow;

/** Helpers over cells: dropping time, ordering, turning sums into rows. */
final class Groups {

    /** Groups by keys, then currency; time is ignored. */
    static final Comparator<Cell> BY_KEYS = Comparator.<Cell, String>comparing(c -> String.join("\u0000", c.keys()))
            .thenComparing(c -> c.currency().getCurrencyCode());

    private Groups() {
    }

    static Map<Cell, Tally> withoutTime(Map<Cell, Tally> cells) {
        Map<Cell, Tally> result = new HashMap<>();
        cells.forEach((cell, tally) -> result.computeIfAbsent(cell.withoutTime(), c -> new Tally()).add(tally));
        return result;
    }

    /** Largest spend first; equal spend by keys, so the order never depends on a hash. */
    static List<Map.Entry<Cell, Tally>> bySpend(Map<Cell, Tally> cells) {
        return cells.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Cell, Tally>, java.math.BigDecimal>comparing(e -> e.getValue().cost)
                        .reversed().thenComparing(Map.Entry::getKey, BY_KEYS))
                .toList();
    }

    static ReportRow row(List<String> keys, Cell cell, Tally tally, Map<String, String> extra) {
        TreeMap<String, String> all = new TreeMap<>(extra);
        if (tally.unpricedCalls > 0) {
            all.put("unpricedCalls", Long.toString(tally.unpricedCalls));
        }
        return new ReportRow(keys, Money.of(tally.cost, cell.currency()), tally.calls, tally.inputTokens,
                tally.outputTokens, all);
    }

    static void noteUnpriced(Map<Cell, Tally> cells, List<String> notes) {
        long unpriced = cells.values().stream().mapToLong(t -> t.unpricedCalls).sum();
        if (unpriced > 0) {
            notes.add(unpriced + (unpriced == 1 ? " call was" : " calls were")
                    + " UNPRICED (no price known): counted as calls, never as $0;"
                    + " their cost is not in any amount.");
        }
    }
}
