package org.atlas.budget.manager.internal.policy;

import org.atlas.budget.api.model.BudgetPolicy;

/**
 * One budget a request is charged against: a policy and the scope value of its bucket (the
 * user, project ... the request carries, or {@code *} for a policy with a single budget).
 */
public record Target(BudgetPolicy policy, String scopeValue) {
}
