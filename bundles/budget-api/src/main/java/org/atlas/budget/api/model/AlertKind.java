package org.atlas.budget.api.model;

/** What an alert is about. */
public enum AlertKind {
    /** Spend crossed a soft-limit threshold of a policy. */
    THRESHOLD,
    /** A policy's limit was reached and its action applied. */
    LIMIT_REACHED,
    /** A call's actual cost exceeded its hold (the estimate was not an upper bound). */
    OVERSPEND,
    /** A call used a model without a known price. */
    UNPRICED_MODEL,
    /** The forecast says a budget will run out before its period ends. */
    FORECAST_OVERRUN,
    /** Spend deviates sharply from its usual pattern. */
    ANOMALY,
    /** The store could not be reached; the configured fail mode applied. */
    STORE_UNAVAILABLE;

    public static AlertKind parse(String value) {
        return Checks.parseEnum(AlertKind.class, value, "kind");
    }
}
