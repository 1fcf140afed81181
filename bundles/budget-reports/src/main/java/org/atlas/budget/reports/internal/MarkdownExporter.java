package org.atlas.budget.reports.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.atlas.budget.api.model.Report;

/**
 * The report as a Markdown document: a heading, what it covers, the total, a table and the notes.
 * Every value is escaped: Markdown's inline punctuation with a backslash (and a leading {@code #},
 * {@code +}, {@code -}, {@code =} of text that starts a line), {@code <} and {@code >} as
 * entities (renderers pass raw HTML through), line breaks as spaces, so a model name or tag can
 * neither break the table nor inject markup.
 */
final class MarkdownExporter {

    private static final String SPECIAL = "\\`*_[]|~";
    private static final String SPECIAL_FIRST = "#+-=";

    private MarkdownExporter() {
    }

    static void write(Report report, Writer out) throws IOException {
        ReportTable table = ReportTable.of(report);
        out.write("# " + ReportTable.title(report) + "\n\n");
        out.write(escapeLineStart(ReportTable.scope(report)) + "\n\n");
        out.write("**Total:** " + escape(report.total().toString()) + "  \n");
        out.write("Generated at " + escape(report.generatedAt().toString()) + "\n\n");
        row(out, table.header());
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < table.header().size(); i++) {
            rule.append(i < table.keyColumns() ? " --- |" : " ---: |");
        }
        out.write(rule + "\n");
        for (List<String> line : table.cells()) {
            row(out, line.stream().map(v -> v.isEmpty() ? "" : v).toList());
        }
        if (table.cells().isEmpty()) {
            out.write("\n_No rows._\n");
        }
        if (!report.notes().isEmpty()) {
            out.write("\n## Notes\n\n");
            for (String note : report.notes()) {
                out.write("- " + escapeLineStart(note) + "\n");
            }
        }
        out.flush();
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        StringBuilder line = new StringBuilder("|");
        for (String cell : cells) {
            line.append(' ').append(escape(cell)).append(" |");
        }
        out.write(line + "\n");
    }

    /** For text that starts a line (or a list item), where a leading {@code # + - =} would be markup. */
    static String escapeLineStart(String value) {
        String escaped = escape(value);
        return !escaped.isEmpty() && SPECIAL_FIRST.indexOf(escaped.charAt(0)) >= 0 ? "\\" + escaped : escaped;
    }

    /** For text inside a line or a table cell. */
    static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '<') {
                s.append("&lt;");
            } else if (c == '>') {
                s.append("&gt;");
            } else if (c == '&') {
                s.append("&amp;");
            } else if (c == '\r' || c == '\n' || c == '\t') {
                s.append(' ');
            } else if (SPECIAL.indexOf(c) >= 0) {
                s.append('\\').append(c);
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
