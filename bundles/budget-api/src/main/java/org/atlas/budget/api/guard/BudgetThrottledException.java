package org.atlas.budget.api.guard;

import java.time.Duration;

import org.atlas.budget.api.model.Decision;

/** A policy throttled the call and the guard would not wait; retry after {@link #retryAfter()}. */
public class BudgetThrottledException extends BudgetDeniedException {

    private static final long serialVersionUID = 1L;

    public BudgetThrottledException(Decision decision) {
        super(decision);
    }

    public Duration retryAfter() {
        return decision().retryAfter();
    }
}
