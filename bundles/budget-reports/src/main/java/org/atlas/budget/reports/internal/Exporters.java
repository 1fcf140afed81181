package org.atlas.budget.reports.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

import org.atlas.budget.api.model.ExportFormat;
import org.atlas.budget.api.model.Report;

/** Writes a report in one of the export formats. */
public final class Exporters {

    private Exporters() {
    }

    public static void write(Report report, ExportFormat format, Writer out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        switch (format) {
            case JSON -> JsonExporter.write(report, out);
            case CSV -> CsvExporter.write(report, out);
            case MARKDOWN -> MarkdownExporter.write(report, out);
            case HTML -> HtmlExporter.write(report, out);
        }
    }
}
