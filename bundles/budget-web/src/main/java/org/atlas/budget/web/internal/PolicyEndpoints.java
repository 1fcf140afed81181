package org.atlas.budget.web.internal;


import com.google.gson.JsonArray;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.model.BudgetPolicy;

/** {@code /policies}. */
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

    private static BudgetPolicy find(BudgetManager manager, String id) {
        return manager.policy(id).orElseThrow(() -> ApiException.notFound("no policy has the id '" + id + "'"));
    }
}
