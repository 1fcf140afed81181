package org.atlas.budget.api;

import java.io.IOException;
import java.io.Writer;

import org.atlas.budget.api.model.ExportFormat;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.osgi.annotation.versioning.ProviderType;

/** Reports over recorded usage, and their exports. */
@ProviderType
public interface ReportGenerator {

    Report generate(ReportRequest request);

    /** Writes a report in a format; exports are safe against HTML and CSV formula injection. */
    void export(Report report, ExportFormat format, Writer out) throws IOException;
}
