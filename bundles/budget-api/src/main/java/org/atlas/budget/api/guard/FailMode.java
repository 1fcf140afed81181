package org.atlas.budget.api.guard;

/** What the guard does when no interceptor can decide (absent, restarting, store down). */
public enum FailMode {
    /** Refuse the call with a {@link org.atlas.budget.api.BudgetUnavailableException}. The default. */
    CLOSED,
    /** Run the call untracked, and count it. */
    OPEN
}
