package org.atlas.budget.web.internal;

import java.util.List;
import java.util.NoSuchElementException;

import com.google.gson.JsonArray;

import java.time.Instant;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.ReportGenerator;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Scope;

/** {@code /policies} and {@code /spend}. */
final class PolicyEndpoints {

    private final Services services;
    private final int maxBody;

    PolicyEndpoints(Services services, int maxBody) {
        this.services = services;
        this.maxBody = maxBody;
    }

    Reply list(Call call) {
        call.query();
        JsonArray items = new JsonArray();
        for (BudgetPolicy policy : services.requireManager().policies()) {
            items.add(Views.policy(policy));
        }
        return Reply.ok(Views.items(items));
    }

    Reply get(Call call, String id) {
        call.query();
        return Reply.ok(Views.policy(find(services.requireManager(), id)));
    }

    Reply create(Call call) {
        call.query();
        BudgetPolicy policy = RequestMapper.policy(JsonFields.body(call.json(maxBody), RequestMapper.POLICY_FIELDS),
                null);
        BudgetManager manager = services.requireManager();
        if (manager.policy(policy.id()).isPresent()) {
            throw ApiException.conflict("a policy with id '" + policy.id() + "' exists already");
        }
        return Reply.created(Views.policy(manager.create(policy)));
    }

    Reply update(Call call, String id) {
        call.query();
        BudgetPolicy policy = RequestMapper.policy(JsonFields.body(call.json(maxBody), RequestMapper.POLICY_FIELDS),
                id);
        BudgetManager manager = services.requireManager();
        find(manager, id);
        try {
            return Reply.ok(Views.policy(manager.update(policy)));
        } catch (IllegalArgumentException e) {
            // The policy exists, and the manager refuses to change it: it is declared in etc/.
            throw ApiException.conflict(e.getMessage());
        }
    }

    Reply delete(Call call, String id) {
        call.query();
        BudgetManager manager = services.requireManager();
        find(manager, id);
        boolean deleted;
        try {
            deleted = manager.delete(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.conflict(e.getMessage());
        }
        if (!deleted) {
            throw ApiException.notFound("no policy has the id '" + id + "'");
        }
        return Reply.noContent();
    }

    /**
     * {@code GET /spend?scope&scopeValue&policyId[&breakdown=model]}: every bucket of the policies
     * that match; with {@code breakdown}, each bucket's period spend grouped by that dimension.
     */
    Reply spend(Call call) {
        Query q = call.query("scope", "scopeValue", "policyId", "breakdown");
        GroupBy breakdown = q.parsed("breakdown", GroupBy::parse);
        ReportGenerator reports = breakdown == null ? null : services.requireReports();
        Scope scope = q.parsed("scope", Scope::parse);
        String scopeValue = q.text("scopeValue");
        String policyId = q.text("policyId");
        BudgetManager manager = services.requireManager();
        List<BudgetPolicy> policies = policyId != null ? List.of(find(manager, policyId)) : manager.policies();
        JsonArray items = new JsonArray();
        for (BudgetPolicy policy : policies) {
            if (scope != null && policy.scope() != scope) {
                continue;
            }
            List<BucketStatus> buckets;
            try {
                buckets = manager.spend(policy.id());
            } catch (NoSuchElementException e) {
                continue; // deleted while we listed
            }
            for (BucketStatus bucket : buckets) {
                if (scopeValue == null || scopeValue.equals(bucket.scopeValue())) {
                    var view = Views.bucket(bucket);
                    view.addProperty("scope", policy.scope().name());
                    view.addProperty("period", policy.period().kind().name());
                    if (reports != null) {
                        Report report = reports.generate(
                                SpendBreakdown.request(policy, bucket, breakdown, Instant.now()));
                        view.add("breakdown", SpendBreakdown.rows(report));
                        view.add("breakdownNotes", Views.texts(report.notes()));
                    }
                    items.add(view);
                }
            }
        }
        return Reply.ok(Views.items(items));
    }

    private static BudgetPolicy find(BudgetManager manager, String id) {
        return manager.policy(id).orElseThrow(() -> ApiException.notFound("no policy has the id '" + id + "'"));
    }
}
