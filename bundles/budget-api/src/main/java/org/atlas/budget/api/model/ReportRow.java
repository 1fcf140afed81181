package org.atlas.budget.api.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a report.
 *
 * @param keys    the group values (outer first), or the bucket label for a trend
 * @param cost    the spend of the row
 * @param calls   the number of calls
 * @param inputTokens  prompt tokens
 * @param outputTokens generated tokens
 * @param extra   report-specific figures as exact decimal strings (e.g. {@code changePercent},
 *                {@code low}, {@code high}, {@code saving}), sorted by key
 */
public record ReportRow(List<String> keys, Money cost, long calls, long inputTokens, long outputTokens,
        Map<String, String> extra) {

    public ReportRow {
        keys = List.copyOf(Checks.required(keys, "keys"));
        Checks.required(cost, "cost");
        Checks.nonNegative(calls, "calls");
        Checks.nonNegative(inputTokens, "inputTokens");
        Checks.nonNegative(outputTokens, "outputTokens");
        extra = java.util.Collections.unmodifiableMap(new TreeMap<>(extra == null ? Map.of() : extra));
    }
}
