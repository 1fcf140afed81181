package org.atlas.budget.reports.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.atlas.budget.api.model.Report;

/**
 * The report as RFC 4180 CSV: CRLF line ends, a header record, fields quoted when they hold a
 * comma, a quote, CR or LF, quotes doubled. The notes follow the rows as records whose first field
 * is {@code # note}, padded to the same number of fields.
 *
 * <p>Against formula injection (OWASP "CSV injection"): a field that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return is prefixed with a single quote, so
 * a spreadsheet shows it as text instead of evaluating it. A plain decimal number such as
 * {@code -12.50}, which this exporter writes itself, is left as it is: spreadsheets read it as a
 * number, not a formula.
 */
final class CsvExporter {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    static final String NOTE_MARKER = "# note";

    private CsvExporter() {
    }

    static void write(Report report, Writer out) throws IOException {
        ReportTable table = ReportTable.of(report);
        record(out, table.header());
        for (List<String> line : table.cells()) {
            record(out, line);
        }
        for (String note : report.notes()) {
            List<String> line = new ArrayList<>();
            line.add(NOTE_MARKER);
            line.add(note);
            while (line.size() < table.header().size()) {
                line.add("");
            }
            record(out, line);
        }
        out.flush();
    }

    private static void record(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        String safe = neutralise(value);
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\r') >= 0 || safe.indexOf('\n') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    static String neutralise(String value) {
        if (value.isEmpty() || PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }
}
