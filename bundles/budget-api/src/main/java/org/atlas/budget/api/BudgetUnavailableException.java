package org.atlas.budget.api;

/**
 * Atlas Budget cannot answer right now: no interceptor is registered, the store is unreachable,
 * or a component is restarting. Callers apply their configured fail mode.
 */
public class BudgetUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BudgetUnavailableException(String message) {
        super(message);
    }

    public BudgetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
