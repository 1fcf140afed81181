package org.atlas.budget.web.internal;

import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonObject;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.model.EnforcementStats;
import org.atlas.budget.api.model.Outcome;

/** {@code GET /status}: what is installed, the enforcement counters, and who is asking. */
final class StatusEndpoint {

    private final Services services;
    private final String version;
    private final AdmissionTable admissions;

    StatusEndpoint(Services services, String version, AdmissionTable admissions) {
        this.services = services;
        this.version = version;
        this.admissions = admissions;
    }

    Reply status(Call call) {
        call.query();
        JsonObject o = new JsonObject();
        o.addProperty("version", version);
        o.addProperty("time", Instant.now().toString());
        JsonObject installed = new JsonObject();
        installed.addProperty("budgetManager", services.manager() != null);
        installed.addProperty("usageInterceptor", services.interceptor() != null);
        installed.addProperty("usageTracker", services.tracker() != null);
        installed.addProperty("pricingRegistry", services.pricing() != null);
        installed.addProperty("reportGenerator", services.reports() != null);
        installed.addProperty("alertEngine", services.alerts() != null);
        installed.addProperty("budgetStore", services.store() != null);
        installed.addProperty("spendQueries", services.spendQueries() != null);
        installed.addProperty("repricing", services.repricing() != null);
        o.add("services", installed);
        BudgetManager manager = services.manager();
        if (manager != null) {
            o.addProperty("policies", manager.policies().size());
            manager.stats().ifPresent(stats -> o.add("enforcement", stats(stats)));
        }
        o.addProperty("restAdmissionsRemembered", admissions.size());
        JsonObject caller = new JsonObject();
        caller.addProperty("name", call.caller().name());
        caller.add("roles", Views.texts(new java.util.TreeSet<>(call.caller().roles())));
        o.add("caller", caller);
        return Reply.ok(o);
    }

    private static JsonObject stats(EnforcementStats stats) {
        JsonObject o = new JsonObject();
        JsonObject decisions = new JsonObject();
        for (Map.Entry<Outcome, Long> e : stats.decisions().entrySet()) {
            decisions.addProperty(e.getKey().name(), e.getValue());
        }
        o.add("decisions", decisions);
        o.addProperty("openHolds", stats.openHolds());
        o.addProperty("unpricedCalls", stats.unpricedCalls());
        o.addProperty("overspends", stats.overspends());
        o.addProperty("expiredHolds", stats.expiredHolds());
        return o;
    }
}
