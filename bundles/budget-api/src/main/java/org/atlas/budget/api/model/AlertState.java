package org.atlas.budget.api.model;

/** An alert's life: active, then acknowledged by an operator, then resolved. */
public enum AlertState {
    ACTIVE,
    ACKNOWLEDGED,
    RESOLVED;

    public static AlertState parse(String value) {
        return Checks.parseEnum(AlertState.class, value, "state");
    }
}
