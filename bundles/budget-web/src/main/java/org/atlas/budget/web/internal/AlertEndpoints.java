package org.atlas.budget.web.internal;

import com.google.gson.JsonArray;

import org.atlas.budget.api.AlertEngine;
import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertState;

/** {@code /alerts} and {@code /alert-rules}; 503 while no AlertEngine is installed. */
final class AlertEndpoints {

    private final Services services;
    private final int maxBody;

    AlertEndpoints(Services services, int maxBody) {
        this.services = services;
        this.maxBody = maxBody;
    }

    Reply list(Call call) {
        Query q = call.query("state");
        AlertState state = q.parsed("state", AlertState::parse);
        JsonArray items = new JsonArray();
        for (Alert alert : services.requireAlerts().alerts(state)) {
            items.add(Views.alert(alert));
        }
        return Reply.ok(Views.items(items));
    }

    Reply get(Call call, String id) {
        call.query();
        return Reply.ok(Views.alert(services.requireAlerts().alert(id)
                .orElseThrow(() -> ApiException.notFound("no alert has the id '" + JsonFields.shorten(id) + "'"))));
    }

    Reply acknowledge(Call call, String id) {
        call.query();
        return Reply.ok(Views.alert(services.requireAlerts().acknowledge(id, call.caller().name())));
    }

    Reply resolve(Call call, String id) {
        call.query();
        return Reply.ok(Views.alert(services.requireAlerts().resolve(id, call.caller().name())));
    }

    Reply rules(Call call) {
        call.query();
        JsonArray items = new JsonArray();
        for (AlertRule rule : services.requireAlerts().rules()) {
            items.add(Views.alertRule(rule));
        }
        return Reply.ok(Views.items(items));
    }

    Reply saveRule(Call call) {
        call.query();
        AlertEngine engine = services.requireAlerts();
        AlertRule rule = RequestMapper.alertRule(JsonFields.body(call.json(maxBody), "id", "name", "kind", "policyId",
                "thresholdPercent", "severity", "channels", "enabled"));
        return Reply.created(Views.alertRule(engine.saveRule(rule)));
    }

    Reply deleteRule(Call call, String id) {
        call.query();
        if (!services.requireAlerts().deleteRule(id)) {
            throw ApiException.notFound("no alert rule has the id '" + JsonFields.shorten(id) + "'");
        }
        return Reply.noContent();
    }
}
