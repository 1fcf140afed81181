package org.atlas.budget.reports.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.atlas.budget.api.model.Report;

/**
 * The report as one self-contained, printable HTML page: no script, no external resource, the
 * chart as inline SVG. Every value (model names, tags, user ids, notes) is escaped for text and
 * attribute context alike ({@code & < > " '}).
 */
final class HtmlExporter {

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            h1{font-size:1.4em}
            table{border-collapse:collapse;margin:1em 0}
            th,td{border:1px solid #bbb;padding:.25em .5em;font-size:.9em}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            th{background:#eee}
            figure{margin:1em 0}
            svg text{font-size:11px;fill:#222}
            @media print{body{margin:0}th{background:none}tr{page-break-inside:avoid}}
            """;

    private HtmlExporter() {
    }

    static void write(Report report, Writer out) throws IOException {
        ReportTable table = ReportTable.of(report);
        String title = ReportTable.title(report);
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        out.write("<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n");
        out.write("<h1>" + escape(title) + "</h1>\n");
        out.write("<p>" + escape(ReportTable.scope(report)) + "</p>\n");
        out.write("<p><strong>Total:</strong> " + escape(report.total().toString()) + "<br>Generated at "
                + escape(report.generatedAt().toString()) + "</p>\n");
        out.write(SvgChart.of(report));
        out.write("<table>\n<thead><tr>");
        for (String name : table.header()) {
            out.write("<th scope=\"col\">" + escape(name) + "</th>");
        }
        out.write("</tr></thead>\n<tbody>\n");
        for (List<String> line : table.cells()) {
            out.write("<tr>");
            for (int i = 0; i < line.size(); i++) {
                out.write(i < table.keyColumns() ? "<td>" : "<td class=\"n\">");
                out.write(escape(line.get(i)));
                out.write("</td>");
            }
            out.write("</tr>\n");
        }
        out.write("</tbody>\n</table>\n");
        if (table.cells().isEmpty()) {
            out.write("<p>No rows.</p>\n");
        }
        if (!report.notes().isEmpty()) {
            out.write("<h2>Notes</h2>\n<ul>\n");
            for (String note : report.notes()) {
                out.write("<li>" + escape(note) + "</li>\n");
            }
            out.write("</ul>\n");
        }
        out.write("</body>\n</html>\n");
        out.flush();
    }

    /** Escapes for HTML text and quoted attribute values. */
    static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
