package org.atlas.budget.api.model;

/** How urgent an alert is. */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL;

    public static AlertSeverity parse(String value) {
        return Checks.parseEnum(AlertSeverity.class, value, "severity");
    }
}
