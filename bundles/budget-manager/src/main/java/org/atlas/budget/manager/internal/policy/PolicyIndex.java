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
    // Targets of global and fixed-value policies never change: built once, shared by every match.
    private final List<Target> global = new ArrayList<>();
    private final Map<Scope, Map<String, List<Target>>> fixed = new EnumMap<>(Scope.class);
    private final Map<Scope, List<IndexedPolicy>> each = new EnumMap<>(Scope.class);

    public PolicyIndex(Collection<BudgetPolicy> policies) {
        this.all = List.copyOf(policies);
        for (BudgetPolicy policy : all) {
            if (!policy.enabled()) {
                continue;
            }
            IndexedPolicy indexed = new IndexedPolicy(policy);
            if (policy.scope() == Scope.GLOBAL) {
                global.add(new Target(indexed, BudgetPolicy.EACH));
            } else if (policy.isPerValue()) {
                each.computeIfAbsent(policy.scope(), s -> new ArrayList<>()).add(indexed);
            } else {
                fixed.computeIfAbsent(policy.scope(), s -> new HashMap<>())
                        .computeIfAbsent(normalise(policy.scope(), policy.scopeValue()), v -> new ArrayList<>())
                        .add(new Target(indexed, policy.scopeValue()));
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
        List<Target> targets = new ArrayList<>(8);
        addEach(targets, global);
        add(targets, Scope.USER, dimensions.userId());
        add(targets, Scope.PROJECT, dimensions.projectId());
        add(targets, Scope.TEAM, dimensions.teamId());
        addProviderAndModel(targets, provider, model);
        for (String tag : dimensions.tags()) {
            add(targets, Scope.TAG, tag);
        }
        return targets;
    }

    /**
     * The targets of a provider and model, found again without a lookup when the same two string
     * objects come back, as they do when a host names its provider and model by constants: their
     * case-folding and two map lookups were a tenth of matching.
     */
    private record ProviderAndModel(String provider, String model, Target[] targets) {
    }

    /** Racy on purpose: its final fields publish a whole one, and a lost update costs one lookup. */
    private ProviderAndModel lastProviderAndModel;

    private void addProviderAndModel(List<Target> targets, String provider, String model) {
        ProviderAndModel last = lastProviderAndModel;
        if (last == null || last.provider != provider || last.model != model) {
            List<Target> found = new ArrayList<>(4);
            add(found, Scope.PROVIDER, provider);
            add(found, Scope.MODEL, model);
            last = new ProviderAndModel(provider, model, found.toArray(new Target[0]));
            lastProviderAndModel = last;
        }
        for (Target target : last.targets) {
            targets.add(target);
        }
    }

    private void add(List<Target> targets, Scope scope, String value) {
        if (value == null) {
            return;
        }
        String key = normalise(scope, value);
        Map<String, List<Target>> byValue = fixed.get(scope);
        if (byValue != null) {
            List<Target> matching = byValue.get(key);
            if (matching != null) {
                addEach(targets, matching);
            }
        }
        List<IndexedPolicy> perValue = each.get(scope);
        if (perValue != null) {
            for (IndexedPolicy policy : perValue) {
                targets.add(new Target(policy, key));
            }
        }
    }

    /** {@code addAll} without its array copy: these lists hold one or two targets. */
    private static void addEach(List<Target> targets, List<Target> more) {
        for (int i = 0; i < more.size(); i++) {
            targets.add(more.get(i));
        }
    }

    /** Provider and model ids are case-insensitive; people's and projects' ids are not. */
    static String normalise(Scope scope, String value) {
        return scope == Scope.PROVIDER || scope == Scope.MODEL ? value.toLowerCase(Locale.ROOT) : value;
    }
}
