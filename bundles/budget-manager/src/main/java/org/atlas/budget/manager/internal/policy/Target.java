package org.atlas.budget.manager.internal.policy;

import org.atlas.budget.api.model.BudgetPolicy;

/**
 * One budget a request is charged against: a policy and the scope value of its bucket (the
 * user, project ... the request carries, or {@code *} for a policy with a single budget).
 *
 * @param indexed    the policy with the figures the index works out once for it
 * @param scopeValue the scope value of the bucket
 */
public record Target(IndexedPolicy indexed, String scopeValue) {

    public Target(BudgetPolicy policy, String scopeValue) {
        this(new IndexedPolicy(policy), scopeValue);
    }

    public BudgetPolicy policy() {
        return indexed.policy();
    }
}
