package org.atlas.budget.web.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.atlas.budget.api.ReportGenerator;
import org.atlas.budget.api.model.ExportFormat;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.UsageQuery;

/**
 * {@code GET /reports/{type}?from&to&groupBy&granularity&timeZone&format} with the filters of
 * {@code /usage}; every format is the ReportGenerator's own export (safe against HTML and CSV
 * formula injection there).
 */
final class ReportEndpoints {

    private final Services services;

    ReportEndpoints(Services services) {
        this.services = services;
    }

    Reply report(Call call, String typeName) {
        ReportType type;
        try {
            type = ReportType.parse(typeName);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no report is called '" + JsonFields.shorten(typeName)
                    + "'; the reports are summary, trend, comparison, forecast and optimization");
        }
        Query q = call.query(UsageEndpoints.with(UsageEndpoints.FILTERS, "groupBy", "granularity", "timeZone",
                "format"));
        ExportFormat format = q.parsed("format", ExportFormat::parse);
        format = format == null ? ExportFormat.JSON : format;
        List<GroupBy> groupBy = new ArrayList<>();
        String groups = q.text("groupBy");
        if (groups != null) {
            for (String group : groups.split(",")) {
                try {
                    groupBy.add(GroupBy.parse(group));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("groupBy: " + e.getMessage());
                }
            }
        }
        Granularity granularity = q.parsed("granularity", Granularity::parse);
        ZoneId zone = q.parsed("timeZone", Period::zone);
        UsageQuery filter = UsageEndpoints.filter(q, UsageQuery.MAX_LIMIT, null);
        ReportRequest request = new ReportRequest(type, filter, groupBy,
                granularity == null && type == ReportType.TREND ? Granularity.DAY : granularity, zone);
        ReportGenerator generator = services.requireReports();
        Report report = generator.generate(request);
        StringWriter out = new StringWriter();
        try {
            generator.export(report, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting the report failed", e);
        }
        String name = type.name().toLowerCase(Locale.ROOT) + "." + format.extension();
        return Reply.text(out.toString(), format.mediaType(), format == ExportFormat.JSON ? null : name);
    }
}
