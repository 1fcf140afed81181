package org.atlas.budget.api.model;

import java.time.Duration;

/** How a policy's spend is grouped in time. */
public enum PeriodKind {
    HOURLY(null),
    DAILY(null),
    /** ISO weeks, starting on Monday. */
    WEEKLY(null),
    MONTHLY(null),
    QUARTERLY(null),
    YEARLY(null),
    /** One fixed range, start inclusive, end exclusive. */
    CUSTOM(null),
    ROLLING_24H(Duration.ofHours(24)),
    ROLLING_7D(Duration.ofDays(7)),
    ROLLING_30D(Duration.ofDays(30)),
    /** Never resets. */
    LIFETIME(null);

    private final Duration window;

    PeriodKind(Duration window) {
        this.window = window;
    }

    /** True for sliding windows, whose spend ages out continuously rather than at a reset. */
    public boolean isRolling() {
        return window != null;
    }

    /** The length of a rolling window; {@code null} for other kinds. */
    public Duration window() {
        return window;
    }

    public static PeriodKind parse(String value) {
        return Checks.parseEnum(PeriodKind.class, value, "period");
    }
}
