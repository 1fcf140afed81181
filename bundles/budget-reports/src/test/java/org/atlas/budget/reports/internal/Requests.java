package org.atlas.budget.reports.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.UsageQuery;

/** Requests and a compact view of report rows for assertions. */
final class Requests {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private Requests() {
    }

    static ReportRequest request(ReportType type, String from, String to, Granularity granularity, String zone,
            GroupBy... groupBy) {
        return new ReportRequest(type, UsageQuery.between(Instant.parse(from), Instant.parse(to)), List.of(groupBy),
                granularity, zone == null ? null : ZoneId.of(zone));
    }

    static ReportEngine engine(InMemoryStore store) {
        return engine(store, null, null);
    }

    static ReportEngine engine(InMemoryStore store, PricingRegistry pricing, BudgetManager manager) {
        return new ReportEngine(store, () -> pricing, () -> manager, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static ReportEngine engineAt(InMemoryStore store, String now) {
        return new ReportEngine(store, () -> null, () -> null, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    /** Each row as {@code keys=cost/calls}, e.g. {@code openai=2.25/3}. */
    static List<String> lines(Report report) {
        return report.rows().stream().map(Requests::line).collect(Collectors.toList());
    }

    static String line(ReportRow row) {
        return String.join("|", row.keys()) + "=" + row.cost().toPlainString() + "/" + row.calls();
    }
}
