package org.atlas.budget.api.guard;

import org.atlas.budget.api.model.Decision;

/** A policy refused the call; the decision says which and why. */
public class BudgetDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Decision decision;

    public BudgetDeniedException(Decision decision) {
        super(decision.outcome() + " by policy " + decision.policyId() + ": " + String.join("; ", decision.reasons()));
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
