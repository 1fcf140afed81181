package org.atlas.budget.api.model;

/**
 * The outcome of an admission, in order of restrictiveness: a later constant is always more
 * restrictive than an earlier one. This order is the single comparison rule used wherever
 * outcomes of several policies are combined: the most restrictive wins.
 */
public enum Outcome {
    ALLOW,
    WARN,
    DOWNGRADE,
    THROTTLE,
    BLOCK;

    /** Whether the provider call may go ahead (possibly with another model, for DOWNGRADE). */
    public boolean admits() {
        return this == ALLOW || this == WARN || this == DOWNGRADE;
    }

    public boolean isMoreRestrictiveThan(Outcome other) {
        return compareTo(other) > 0;
    }

    public static Outcome mostRestrictive(Outcome a, Outcome b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The outcome a policy's limit action produces when the limit is reached. */
    public static Outcome of(LimitAction action) {
        return switch (action) {
            case WARN -> WARN;
            case THROTTLE -> THROTTLE;
            case DOWNGRADE -> DOWNGRADE;
            case BLOCK -> BLOCK;
        };
    }
}
