package org.atlas.budget.api.model;

import java.time.Instant;
import java.util.List;

/**
 * A generated report. Nothing in it is silently truncated: a limit that cut rows is said in
 * {@code notes}.
 *
 * @param request     what was asked for
 * @param generatedAt when it was made
 * @param total       the total spend it covers
 * @param rows        the rows
 * @param notes       what a reader must know (method of a forecast, too little history, ...)
 */
public record Report(ReportRequest request, Instant generatedAt, Money total, List<ReportRow> rows,
        List<String> notes) {

    public Report {
        Checks.required(request, "request");
        Checks.required(generatedAt, "generatedAt");
        Checks.required(total, "total");
        rows = List.copyOf(Checks.required(rows, "rows"));
        notes = List.copyOf(notes == null ? List.of() : notes);
    }

    public ReportType type() {
        return request.type();
    }
}
