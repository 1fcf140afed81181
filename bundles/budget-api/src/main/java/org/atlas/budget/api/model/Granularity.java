package org.atlas.budget.api.model;

/** The width of the buckets of a trend report. */
public enum Granularity {
    HOUR,
    DAY,
    WEEK,
    MONTH;

    public static Granularity parse(String value) {
        return Checks.parseEnum(Granularity.class, value, "granularity");
    }
}
