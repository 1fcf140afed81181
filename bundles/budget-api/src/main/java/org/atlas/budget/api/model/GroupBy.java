package org.atlas.budget.api.model;

/** A dimension that reports group and break spend down by. */
public enum GroupBy {
    PROVIDER,
    MODEL,
    USER,
    PROJECT,
    TEAM,
    OPERATION,
    TAG;

    public static GroupBy parse(String value) {
        return Checks.parseEnum(GroupBy.class, value, "groupBy");
    }
}
