package org.atlas.budget.api.model;

/** What a policy's budget is attributed to. */
public enum Scope {
    /** Every call. */
    GLOBAL,
    USER,
    PROJECT,
    TEAM,
    PROVIDER,
    MODEL,
    /** Calls carrying a tag. */
    TAG;

    public static Scope parse(String value) {
        return Checks.parseEnum(Scope.class, value, "scope");
    }
}
