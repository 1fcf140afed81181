package org.atlas.budget.web.internal;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/** {@code /usage}: record one call, a batch, and the history with filters and keyset pagination. */
final class UsageEndpoints {

    static final String[] FILTERS = {"from", "to", "provider", "model", "userId", "projectId", "teamId", "tag"};

    private final Services services;
    private final int maxBody;
    private final int maxBatch;

    UsageEndpoints(Services services, int maxBody, int maxBatch) {
        this.services = services;
        this.maxBody = maxBody;
        this.maxBatch = maxBatch;
    }

    /** Idempotent on the request id: a retry answers the record stored the first time. */
    Reply record(Call call) {
        call.query();
        UsageReport report = RequestMapper.report(JsonFields.body(call.json(maxBody), RequestMapper.REPORT_FIELDS));
        return Reply.ok(Views.record(services.requireTracker().record(report)));
    }

    /** Every report is validated before any is recorded: one bad item records nothing. */
    Reply batch(Call call) {
        call.query();
        JsonElement root = call.json(maxBody);
        JsonArray array;
        if (root.isJsonArray()) {
            array = root.getAsJsonArray();
        } else {
            JsonFields body = JsonFields.body(root, "items");
            if (!root.getAsJsonObject().has("items") || !root.getAsJsonObject().get("items").isJsonArray()) {
                throw ApiException.badRequest(body.path("items") + " must be an array of usage records");
            }
            array = root.getAsJsonObject().getAsJsonArray("items");
        }
        if (array.size() > maxBatch) {
            throw ApiException.badRequest("items holds " + array.size() + " records; at most " + maxBatch
                    + " per batch");
        }
        List<UsageReport> reports = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                reports.add(RequestMapper.report(JsonFields.body(array.get(i), RequestMapper.REPORT_FIELDS)));
            } catch (ApiException | IllegalArgumentException e) {
                throw ApiException.badRequest("items[" + i + "]: " + e.getMessage());
            }
        }
        JsonArray items = new JsonArray();
        for (UsageRecord record : services.requireTracker().recordAll(reports)) {
            items.add(Views.record(record));
        }
        return Reply.ok(Views.items(items));
    }

    Reply history(Call call) {
        Query q = call.query(with(FILTERS, "limit", "cursor"));
        UsageQuery query = filter(q, q.integer("limit", UsageQuery.DEFAULT_LIMIT), q.text("cursor"));
        Page<UsageRecord> page = services.requireTracker().history(query);
        JsonArray items = new JsonArray();
        for (UsageRecord record : page.items()) {
            items.add(Views.record(record));
        }
        JsonObject view = Views.items(items);
        view.add("nextCursor", page.nextCursor() == null ? JsonNull.INSTANCE : Views.text(page.nextCursor()));
        return Reply.ok(view);
    }

    static UsageQuery filter(Query q, int limit, String cursor) {
        return new UsageQuery(q.instant("from"), q.instant("to"), q.text("provider"), q.text("model"),
                q.text("userId"), q.text("projectId"), q.text("teamId"), q.text("tag"), limit, cursor);
    }

    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
