package org.atlas.budget.web.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.model.BreakdownQuery;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.RollupRow;

/**
 * The spend of one bucket broken down by a dimension, from {@link SpendQueries#breakdown}: the
 * store's hourly rollups (by tag, the records) of the bucket's scope value over its period.
 *
 * <p>Rollups are kept per whole UTC hour, so a period that does not start or end on one (a
 * rolling window, a time zone with a half-hour offset) is widened to whole hours, and the answer
 * says so. A breakdown sums what the records were charged at their price; the bucket's
 * {@code spent} is what its ledger was charged, which also counts unknown models at a policy's
 * fallback rates, so for such calls the two differ. Calls in flight are in {@code held} only.
 */
final class SpendBreakdown {

    private static final Duration HOUR = Duration.ofHours(1);

    private SpendBreakdown() {
    }

    /** Adds {@code breakdown}, {@code breakdownFrom}, {@code breakdownTo} and {@code breakdownNotes}. */
    static void add(JsonObject view, SpendQueries queries, BudgetPolicy policy, BucketStatus bucket, GroupBy by,
            Instant now) {
        List<String> notes = new ArrayList<>();
        Instant from = bucket.periodStart();
        Instant to = bucket.resetsAt() != null ? bucket.resetsAt() : now;
        if (by != GroupBy.TAG) {
            Instant wholeFrom = floorHour(from);
            Instant wholeTo = ceilHour(to.equals(wholeFrom) ? to.plusSeconds(1) : to);
            if (!wholeFrom.equals(from) || (bucket.resetsAt() != null && !wholeTo.equals(to))) {
                notes.add("rollups are kept per whole UTC hour: the breakdown covers " + wholeFrom + " to " + wholeTo
                        + ", wider than the period " + from + " to " + to);
            }
            from = wholeFrom;
            to = wholeTo;
        } else if (!from.isBefore(to)) {
            to = from.plusSeconds(1);
        }
        view.add("breakdownFrom", Views.instant(from));
        view.add("breakdownTo", Views.instant(to));
        BreakdownQuery query = query(policy, bucket, by, from, to);
        JsonArray rows = new JsonArray();
        if (query == null) {
            notes.add("a budget of scope TAG cannot be broken down: spend is not rolled up per tag value");
        } else {
            for (RollupRow row : queries.breakdown(query)) {
                rows.add(row(row));
            }
        }
        view.add("breakdown", rows);
        view.add("breakdownNotes", Views.texts(notes));
    }

    /** The query for the bucket's scope value, or {@code null} for a tag-scoped budget. */
    static BreakdownQuery query(BudgetPolicy policy, BucketStatus bucket, GroupBy by, Instant from, Instant to) {
        String v = bucket.scopeValue();
        return switch (policy.scope()) {
            case GLOBAL -> BreakdownQuery.of(from, to, by);
            case PROVIDER -> new BreakdownQuery(from, to, by, v, null, null, null, null);
            case MODEL -> new BreakdownQuery(from, to, by, null, v, null, null, null);
            case USER -> new BreakdownQuery(from, to, by, null, null, v, null, null);
            case PROJECT -> new BreakdownQuery(from, to, by, null, null, null, v, null);
            case TEAM -> new BreakdownQuery(from, to, by, null, null, null, null, v);
            case TAG -> null;
        };
    }

    static JsonObject row(RollupRow row) {
        JsonObject r = new JsonObject();
        r.addProperty("key", String.join("/", row.keys()));
        r.add("cost", Views.money(row.cost()));
        r.addProperty("calls", row.calls());
        r.addProperty("unpricedCalls", row.unpricedCalls());
        r.addProperty("inputTokens", row.inputTokens());
        r.addProperty("cacheReadTokens", row.cacheReadTokens());
        r.addProperty("cacheWriteTokens", row.cacheWriteTokens());
        r.addProperty("outputTokens", row.outputTokens());
        r.addProperty("reasoningTokens", row.reasoningTokens());
        return r;
    }

    static Instant floorHour(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), HOUR.toSeconds()) * HOUR.toSeconds());
    }

    static Instant ceilHour(Instant at) {
        Instant floor = floorHour(at);
        return floor.equals(at) ? at : floor.plus(HOUR);
    }
}
