package org.atlas.budget.api.model;

import static org.atlas.budget.api.model.UsageReportTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

public class AlertsAndReportsTest {

    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    public void alertsMoveThroughTheirStates() {
        Alert a = new Alert("a1", AlertKind.THRESHOLD, AlertSeverity.WARNING, AlertState.ACTIVE, "p", "r",
                "80% of monthly budget spent", T, null, null, Map.of("z", "1", "a", "2"));
        assertEquals(T, a.updatedAt());
        assertEquals("[a, z]", a.attributes().keySet().toString());
        Alert acked = a.withState(AlertState.ACKNOWLEDGED, T.plusSeconds(5), "alice");
        assertEquals(AlertState.ACKNOWLEDGED, acked.state());
        assertEquals("alice", acked.updatedBy());
        assertEquals(T, acked.raisedAt());
        assertMessage("message must not be blank", () -> new Alert("a1", AlertKind.THRESHOLD, AlertSeverity.INFO,
                AlertState.ACTIVE, null, null, " ", T, null, null, null));
        assertMessage("state must be one of", () -> AlertState.parse("snoozed"));
    }

    @Test
    public void alertRulesCheckTheirThreshold() {
        AlertRule rule = new AlertRule("r1", null, AlertKind.THRESHOLD, "p", 80, AlertSeverity.WARNING,
                Set.of("log", "webhook"), true);
        assertEquals("r1", rule.name());
        assertMessage("thresholdPercent is required", () -> new AlertRule("r", null, AlertKind.THRESHOLD, null,
                null, AlertSeverity.INFO, null, true));
        assertMessage("thresholdPercent must be from 1 to 1000", () -> new AlertRule("r", null,
                AlertKind.FORECAST_OVERRUN, null, 0, AlertSeverity.INFO, null, true));
        assertMessage("applies to THRESHOLD and FORECAST_OVERRUN rules only", () -> new AlertRule("r", null,
                AlertKind.UNPRICED_MODEL, null, 50, AlertSeverity.INFO, null, true));
        assertMessage("channels may contain only", () -> new AlertRule("r", null, AlertKind.OVERSPEND, null, null,
                AlertSeverity.INFO, Set.of("bad channel"), true));
    }

    @Test
    public void usageQueriesAreBounded() {
        UsageQuery q = UsageQuery.between(T, T.plusSeconds(3600));
        assertEquals(UsageQuery.DEFAULT_LIMIT, q.limit());
        assertEquals("c", q.withCursor("c").cursor());
        assertEquals(5, q.withLimit(5).limit());
        assertMessage("limit must be from 1 to 1000", () -> q.withLimit(0));
        assertMessage("limit must be from 1 to 1000", () -> q.withLimit(1001));
        assertMessage("must be before to", () -> UsageQuery.between(T, T));
    }

    @Test
    public void pagesSayWhetherMoreExist() {
        assertTrue(new Page<>(List.of(1), "next").hasMore());
        assertFalse(new Page<>(List.of(1), null).hasMore());
    }

    @Test
    public void reportRequestsNeedARangeAndAtMostTwoGroups() {
        UsageQuery range = UsageQuery.between(T, T.plusSeconds(86400));
        ReportRequest r = new ReportRequest(ReportType.SUMMARY, range, List.of(GroupBy.PROVIDER, GroupBy.MODEL),
                null, null);
        assertEquals(ZoneId.of("UTC"), r.zone());
        assertMessage("needs both from and to", () -> new ReportRequest(ReportType.SUMMARY,
                new UsageQuery(null, null, null, null, null, null, null, null, 10, null), null, null, null));
        assertMessage("at most two dimensions", () -> new ReportRequest(ReportType.SUMMARY, range,
                List.of(GroupBy.PROVIDER, GroupBy.MODEL, GroupBy.USER), null, null));
        assertMessage("names PROVIDER twice", () -> new ReportRequest(ReportType.SUMMARY, range,
                List.of(GroupBy.PROVIDER, GroupBy.PROVIDER), null, null));
        assertMessage("granularity is required", () -> new ReportRequest(ReportType.TREND, range, null, null, null));
        Report report = new Report(r, T, Money.of("1", "USD"), List.of(new ReportRow(List.of("openai", "gpt-4o"),
                Money.of("1", "USD"), 3, 100, 50, Map.of("changePercent", "12.50"))), null);
        assertEquals(ReportType.SUMMARY, report.type());
    }

    @Test
    public void exportFormatsParseByExtensionOrName() {
        assertEquals(ExportFormat.MARKDOWN, ExportFormat.parse("md"));
        assertEquals(ExportFormat.MARKDOWN, ExportFormat.parse("Markdown"));
        assertEquals("text/csv", ExportFormat.parse("CSV").mediaType());
        assertMessage("format must be one of json, csv, md, html", () -> ExportFormat.parse("xlsx"));
        assertEquals(GroupBy.TAG, GroupBy.parse("tag"));
        assertEquals(Granularity.WEEK, Granularity.parse("week"));
        assertEquals(ReportType.FORECAST, ReportType.parse("forecast"));
        assertEquals(AlertKind.UNPRICED_MODEL, AlertKind.parse("unpriced-model"));
        assertEquals(AlertSeverity.CRITICAL, AlertSeverity.parse("critical"));
    }

    @Test
    public void auditEntriesNameActorAndAction() {
        AuditEntry e = new AuditEntry(T, "alice", "policy.update", "p1", null);
        assertEquals("", e.details());
        assertMessage("actor is required", () -> new AuditEntry(T, null, "x", null, null));
    }
}
