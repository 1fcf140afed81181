package org.atlas.budget.api.model;

import java.util.List;
import java.util.TreeSet;

/**
 * A spending policy.
 *
 * @param id          stable identifier: letters, digits, '.', '_' and '-', at most 64
 * @param name        a human name
 * @param scope       what the budget is attributed to
 * @param scopeValue  the user, project, team, provider, model or tag it applies to, or
 *                    {@value #EACH} for one budget per distinct value; {@value #EACH} for
 *                    {@code GLOBAL}
 * @param period      when spend resets (or how long a rolling window is)
 * @param limit       the budget per period, positive
 * @param thresholds  soft-limit percentages of the limit (1 to 1000) that produce warnings,
 *                    kept sorted and distinct
 * @param action      what happens when a call would exceed the limit
 * @param rollover    carrying unused budget into the next period
 * @param unpriced    what happens to calls of models without a price
 * @param fallbackRates the rates for {@link UnpricedAction#FALLBACK}; required exactly then
 * @param enabled     a disabled policy is kept but never evaluated
 * @param priority    breaks ties between equally restrictive outcomes: higher wins
 */
public record BudgetPolicy(String id, String name, Scope scope, String scopeValue, Period period, Money limit,
        List<Integer> thresholds, LimitAction action, Rollover rollover, UnpricedAction unpriced,
        TokenRates fallbackRates, boolean enabled, int priority) {

    /** The scope value meaning "one budget for each distinct value". */
    public static final String EACH = "*";

    public BudgetPolicy {
        id = Checks.identifier(id, "id");
        name = Checks.text(name == null ? id : name, "name", 200);
        Checks.required(scope, "scope");
        if (scope == Scope.GLOBAL) {
            if (scopeValue != null && !EACH.equals(scopeValue.strip())) {
                throw new IllegalArgumentException("scopeValue must be empty or '*' for GLOBAL scope, was '"
                        + scopeValue + "'");
            }
            scopeValue = EACH;
        } else {
            scopeValue = Checks.text(scopeValue, "scopeValue", Checks.MAX_ID_LENGTH);
            if (scope == Scope.PROVIDER) {
                scopeValue = scopeValue.toLowerCase(java.util.Locale.ROOT);
            }
        }
        Checks.required(period, "period");
        Checks.required(limit, "limit");
        if (limit.amount().signum() <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer t : Checks.required(thresholds, "thresholds")) {
            if (t == null || t < 1 || t > 1000) {
                throw new IllegalArgumentException("thresholds must be percentages from 1 to 1000, was " + t);
            }
            sorted.add(t);
        }
        thresholds = List.copyOf(sorted);
        Checks.required(action, "action");
        rollover = rollover == null ? Rollover.NONE : rollover;
        unpriced = unpriced == null ? UnpricedAction.BLOCK : unpriced;
        if (unpriced == UnpricedAction.FALLBACK && fallbackRates == null) {
            throw new IllegalArgumentException("fallbackRates are required when unpriced is FALLBACK");
        }
        if (unpriced != UnpricedAction.FALLBACK && fallbackRates != null) {
            throw new IllegalArgumentException("fallbackRates apply only when unpriced is FALLBACK, not " + unpriced);
        }
        if (rollover.enabled() && (period.kind().isRolling() || period.kind() == PeriodKind.LIFETIME
                || period.kind() == PeriodKind.CUSTOM)) {
            throw new IllegalArgumentException("rollover needs a calendar period, not " + period.kind());
        }
    }

    /** True for policies with one budget per distinct scope value. */
    public boolean isPerValue() {
        return scope != Scope.GLOBAL && EACH.equals(scopeValue);
    }
}
