package org.atlas.budget.reports.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;

/**
 * A report as one flat table of text cells, shared by the CSV, Markdown and HTML exports: the
 * key columns, then cost, currency, calls, tokens, then every extra figure any row has.
 */
record ReportTable(List<String> header, List<List<String>> cells, int keyColumns) {

    static final String ALL = "(all)";

    static ReportTable of(Report report) {
        List<String> keyNames = keyNames(report);
        TreeSet<String> extraNames = new TreeSet<>();
        report.rows().forEach(r -> extraNames.addAll(r.extra().keySet()));
        List<String> header = new ArrayList<>(keyNames.isEmpty() ? List.of("group") : keyNames);
        header.addAll(List.of("cost", "currency", "calls", "inputTokens", "outputTokens"));
        header.addAll(extraNames);
        List<List<String>> cells = new ArrayList<>();
        int keyColumns = Math.max(1, keyNames.size());
        for (ReportRow row : report.rows()) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < keyColumns; i++) {
                line.add(row.keys().isEmpty() && i == 0 ? ALL : i < row.keys().size() ? row.keys().get(i) : "");
            }
            line.add(row.cost().toPlainString());
            line.add(row.cost().currency().getCurrencyCode());
            line.add(Long.toString(row.calls()));
            line.add(Long.toString(row.inputTokens()));
            line.add(Long.toString(row.outputTokens()));
            for (String extra : extraNames) {
                line.add(row.extra().getOrDefault(extra, ""));
            }
            cells.add(line);
        }
        return new ReportTable(header, cells, keyColumns);
    }

    private static List<String> keyNames(Report report) {
        List<String> names = new ArrayList<>();
        if (report.type() == ReportType.OPTIMIZATION) {
            return List.of("kind", "subject");
        }
        if (report.type() == ReportType.TREND) {
            names.add("bucket");
        }
        for (GroupBy g : report.request().groupBy()) {
            names.add(g.name().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** One line that says what the report covers. */
    static String scope(Report report) {
        var q = report.request().filter();
        StringBuilder s = new StringBuilder();
        s.append(q.from()).append(" to ").append(q.to()).append(" (").append(report.request().zone()).append(')');
        if (report.request().granularity() != null && report.type() == ReportType.TREND) {
            s.append(", per ").append(report.request().granularity().name().toLowerCase(Locale.ROOT));
        }
        if (!report.request().groupBy().isEmpty()) {
            s.append(", by ").append(String.join(", ", report.request().groupBy().stream()
                    .map(g -> g.name().toLowerCase(Locale.ROOT)).toList()));
        }
        List<String> filters = new ArrayList<>();
        add(filters, "provider", q.provider());
        add(filters, "model", q.model());
        add(filters, "user", q.userId());
        add(filters, "project", q.projectId());
        add(filters, "team", q.teamId());
        add(filters, "tag", q.tag());
        if (!filters.isEmpty()) {
            s.append(", where ").append(String.join(", ", filters));
        }
        return s.toString();
    }

    private static void add(List<String> filters, String name, String value) {
        if (value != null) {
            filters.add(name + " = " + value);
        }
    }

    static String title(Report report) {
        String type = report.type().name();
        return "Atlas Budget " + type.charAt(0) + type.substring(1).toLowerCase(Locale.ROOT) + " report";
    }
}
