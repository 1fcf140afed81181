package org.atlas.budget.web.internal;

import java.time.Instant;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.atlas.budget.api.Repricing;
import org.atlas.budget.api.RepricingListener;
import org.atlas.budget.api.model.RepricingLine;
import org.atlas.budget.api.model.RepricingRequest;
import org.atlas.budget.api.model.RepricingResult;

/**
 * {@code POST /usage/reprice} (a dry run: what the records of a range would cost under the prices
 * in force at an instant; changes nothing) and {@code POST /usage/reprice/{dryRunId}/apply}
 * (writes those charges and the audit entry, with the authenticated user as the actor).
 */
final class RepricingEndpoints {

    static final String[] FIELDS = {"from", "to", "provider", "model", "pricesAt"};

    private final Services services;
    private final int maxBody;

    RepricingEndpoints(Services services, int maxBody) {
        this.services = services;
        this.maxBody = maxBody;
    }

    Reply dryRun(Call call) {
        call.query();
        RepricingRequest request = request(JsonFields.body(call.json(maxBody), FIELDS));
        Repricing repricing = services.requireRepricing();
        return Reply.ok(view(repricing.dryRun(request, RepricingListener.NONE)));
    }

    Reply apply(Call call, String dryRunId) {
        call.query();
        if (call.hasBody()) {
            JsonFields.body(call.json(maxBody));
        }
        Repricing repricing = services.requireRepricing();
        return Reply.ok(view(repricing.apply(dryRunId, call.caller().name(), RepricingListener.NONE)));
    }

    static RepricingRequest request(JsonFields body) {
        Instant from = required(body, "from");
        Instant to = required(body, "to");
        Instant pricesAt = required(body, "pricesAt");
        return new RepricingRequest(from, to, body.text("provider"), body.text("model"), pricesAt);
    }

    private static Instant required(JsonFields body, String name) {
        Instant value = body.instant(name);
        if (value == null) {
            throw ApiException.badRequest(body.path(name) + " is required (an ISO-8601 instant such as"
                    + " 2026-11-01T00:00:00Z)");
        }
        return value;
    }

    static JsonObject view(RepricingResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("dryRunId", r.id());
        o.addProperty("applied", r.applied());
        JsonObject request = new JsonObject();
        request.add("from", Views.instant(r.request().from()));
        request.add("to", Views.instant(r.request().to()));
        request.add("provider", Views.text(r.request().provider()));
        request.add("model", Views.text(r.request().model()));
        request.add("pricesAt", Views.instant(r.request().pricesAt()));
        o.add("request", request);
        o.addProperty("examined", r.examined());
        o.addProperty("changed", r.changed());
        o.addProperty("unpriced", r.unpriced());
        o.add("perModel", lines(r.perModel()));
        o.add("totals", lines(r.totals()));
        return o;
    }

    private static JsonArray lines(Iterable<RepricingLine> lines) {
        JsonArray array = new JsonArray();
        for (RepricingLine line : lines) {
            JsonObject l = new JsonObject();
            l.addProperty("provider", line.provider());
            l.addProperty("model", line.model());
            l.addProperty("currency", line.currency().getCurrencyCode());
            l.addProperty("records", line.records());
            l.addProperty("newlyPriced", line.newlyPriced());
            l.add("before", Views.money(line.before()));
            l.add("after", Views.money(line.after()));
            l.add("difference", Views.money(line.difference()));
            array.add(l);
        }
        return array;
    }
}
