package org.atlas.budget.manager.internal.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Scope;

/**
 * The enabled policies, indexed so that matching a request costs a few hash lookups however
 * many policies and users there are. Immutable: a change of policies builds a new index.
 *
 * <p>Matching rules: a GLOBAL policy matches every request; a policy with a fixed scope value
 * matches requests carrying that value (user, project and team ids exactly, provider and model
 * ids ignoring case); a policy for each value ({@code *}) matches every request that carries a
 * value for its scope and is charged in that value's own bucket. A TAG policy matches each tag
 * of the request, one bucket per tag.
 */
public final class PolicyIndex {

    public static final PolicyIndex EMPTY = new PolicyIndex(List.of());

    private final List<BudgetPolicy> all;
    private final List<BudgetPolicy> global = new ArrayList<>();
    private final Map<Scope, Map<String, List<BudgetPolicy>>> fixed = new EnumMap<>(Scope.class);
    private final Map<Scope, List<BudgetPolicy>> each = new EnumMap<>(Scope.class);

    public PolicyIndex(Collection<BudgetPolicy> policies) {
        this.all = List.copyOf(policies);
        for (BudgetPolicy policy : all) {
            if (!policy.enabled()) {
                continue;
            }
            if (policy.scope() == Scope.GLOBAL) {
                global.add(policy);
            } else if (policy.isPerValue()) {
                each.computeIfAbsent(policy.scope(), s -> new ArrayList<>()).add(policy);
            } else {
                fixed.computeIfAbsent(policy.scope(), s -> new HashMap<>())
                        .computeIfAbsent(normalise(policy.scope(), policy.scopeValue()), v -> new ArrayList<>())
                        .add(policy);
            }
        }
    }

    /** Every policy, enabled or not. */
    public List<BudgetPolicy> policies() {
        return all;
    }

    /** The budgets {@code request} is charged against, in a stable order. */
    public List<Target> match(AdmissionRequest request) {
        return match(request.provider(), request.model(), request.dimensions());
    }

    public List<Target> match(String provider, String model, Dimensions dimensions) {
        List<Target> targets = new ArrayList<>(4);
        for (BudgetPolicy policy : global) {
            targets.add(new Target(policy, BudgetPolicy.EACH));
        }
        add(targets, Scope.USER, dimensions.userId());
        add(targets, Scope.PROJECT, dimensions.projectId());
        add(targets, Scope.TEAM, dimensions.teamId());
        add(targets, Scope.PROVIDER, provider);
        add(targets, Scope.MODEL, model);
        for (String tag : dimensions.tags()) {
            add(targets, Scope.TAG, tag);
        }
        return targets;
    }

    private void add(List<Target> targets, Scope scope, String value) {
        if (value == null) {
            return;
        }
        String key = normalise(scope, value);
        Map<String, List<BudgetPolicy>> byValue = fixed.get(scope);
        if (byValue != null) {
            List<BudgetPolicy> policies = byValue.get(key);
            if (policies != null) {
                for (BudgetPolicy policy : policies) {
                    targets.add(new Target(policy, policy.scopeValue()));
                }
            }
        }
        List<BudgetPolicy> perValue = each.get(scope);
        if (perValue != null) {
            for (BudgetPolicy policy : perValue) {
                targets.add(new Target(policy, key));
            }
        }
    }

    /** Provider and model ids are case-insensitive; people's and projects' ids are not. */
    static String normalise(Scope scope, String value) {
        return scope == Scope.PROVIDER || scope == Scope.MODEL ? value.toLowerCase(Locale.ROOT) : value;
    }
}
