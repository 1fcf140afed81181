package org.atlas.budget.web.internal;

import java.time.Instant;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.UsageQuery;

/**
 * The spend of one bucket broken down by a dimension: a summary report over the records the
 * bucket covers (its scope value, its period). It sums what the records were charged at their
 * price; a policy that prices unknown models at its own fallback rates charges its bucket those,
 * so for such calls the two can differ.
 */
final class SpendBreakdown {

    private SpendBreakdown() {
    }

    static ReportRequest request(BudgetPolicy policy, BucketStatus bucket, GroupBy by, Instant now) {
        String v = policy.scope() == Scope.GLOBAL ? null : bucket.scopeValue();
        String provider = null;
        String model = null;
        String userId = null;
        String projectId = null;
        String teamId = null;
        String tag = null;
        switch (policy.scope()) {
            case USER -> userId = v;
            case PROJECT -> projectId = v;
            case TEAM -> teamId = v;
            case PROVIDER -> provider = v;
            case MODEL -> model = v;
            case TAG -> tag = v;
            default -> {
                // GLOBAL: every record
            }
        }
        Instant to = bucket.resetsAt() != null ? bucket.resetsAt() : now.plusSeconds(1);
        UsageQuery filter = new UsageQuery(bucket.periodStart(), to, provider, model, userId, projectId, teamId, tag,
                UsageQuery.MAX_LIMIT, null);
        return new ReportRequest(ReportType.SUMMARY, filter, List.of(by), null, policy.period().zone());
    }

    static JsonArray rows(Report report) {
        JsonArray rows = new JsonArray();
        for (ReportRow row : report.rows()) {
            JsonObject r = new JsonObject();
            r.addProperty("key", String.join("/", row.keys()));
            r.add("cost", Views.money(row.cost()));
            r.addProperty("calls", row.calls());
            r.addProperty("inputTokens", row.inputTokens());
            r.addProperty("outputTokens", row.outputTokens());
            rows.add(r);
        }
        return rows;
    }
}
