package org.atlas.budget.web.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.PeriodSpend;
import org.atlas.budget.api.model.Scope;

/**
 * {@code /spend} (where each budget stands, optionally broken down by a dimension) and
 * {@code /spend/periods} (what a policy's buckets were charged per period).
 */
final class SpendEndpoints {

    private final Services services;

    SpendEndpoints(Services services) {
        this.services = services;
    }

    /**
     * {@code GET /spend?scope&scopeValue&policyId[&breakdown=model]}. The buckets come from
     * {@link SpendQueries} when it is installed; without it the manager alone answers them, as
     * they live in its ledger. A breakdown always needs {@link SpendQueries}.
     */
    Reply buckets(Call call) {
        Query q = call.query("scope", "scopeValue", "policyId", "breakdown");
        GroupBy breakdown = q.parsed("breakdown", GroupBy::parse);
        Scope scope = q.parsed("scope", Scope::parse);
        String scopeValue = q.text("scopeValue");
        String policyId = q.text("policyId");
        BudgetManager manager = services.requireManager();
        SpendQueries queries = breakdown != null ? services.requireSpendQueries() : services.spendQueries();
        if (policyId != null && manager.policy(policyId).isEmpty()) {
            throw ApiException.notFound("no policy has the id '" + policyId + "'");
        }
        List<BucketStatus> buckets = queries != null ? queries.spend(scope, scopeValue, policyId)
                : fromManager(manager, scope, scopeValue, policyId);
        Instant now = Instant.now();
        JsonArray items = new JsonArray();
        for (BucketStatus bucket : buckets) {
            Optional<BudgetPolicy> policy = manager.policy(bucket.policyId());
            if (policy.isEmpty()) {
                continue; // deleted while we listed
            }
            JsonObject view = Views.bucket(bucket);
            view.addProperty("scope", policy.get().scope().name());
            view.addProperty("period", policy.get().period().kind().name());
            if (breakdown != null) {
                SpendBreakdown.add(view, queries, policy.get(), bucket, breakdown, now);
            }
            items.add(view);
        }
        return Reply.ok(Views.items(items));
    }

    private static List<BucketStatus> fromManager(BudgetManager manager, Scope scope, String scopeValue,
            String policyId) {
        List<BudgetPolicy> policies = policyId != null ? List.of(manager.policy(policyId).orElseThrow())
                : manager.policies();
        List<BucketStatus> result = new ArrayList<>();
        for (BudgetPolicy policy : policies) {
            if (scope != null && policy.scope() != scope) {
                continue;
            }
            try {
                for (BucketStatus bucket : manager.spend(policy.id())) {
                    if (scopeValue == null || scopeValue.equals(bucket.scopeValue())) {
                        result.add(bucket);
                    }
                }
            } catch (NoSuchElementException e) {
                // deleted while we listed: it has no buckets any more
            }
        }
        return result;
    }

    /** {@code GET /spend/periods?policyId&from}: the policy's charges per period since {@code from}. */
    Reply periods(Call call) {
        Query q = call.query("policyId", "from");
        String policyId = q.text("policyId");
        if (policyId == null) {
            throw ApiException.badRequest("policyId is required");
        }
        Instant from = q.instant("from");
        if (from == null) {
            throw ApiException.badRequest("from is required (an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
        }
        BudgetManager manager = services.manager();
        if (manager != null && manager.policy(policyId).isEmpty()) {
            throw ApiException.notFound("no policy has the id '" + policyId + "'");
        }
        JsonArray items = new JsonArray();
        for (PeriodSpend period : services.requireSpendQueries().spendByPeriod(policyId, from)) {
            JsonObject o = new JsonObject();
            o.addProperty("policyId", period.bucket().policyId());
            o.addProperty("scopeValue", period.bucket().scopeValue());
            o.add("periodStart", Views.instant(period.bucket().periodStart()));
            o.add("spent", Views.money(period.spent()));
            items.add(o);
        }
        return Reply.ok(Views.items(items));
    }
}
