package org.atlas.budget.api.model;

/** The reports the report generator produces. */
public enum ReportType {
    /** Spend, calls and tokens in a range, grouped. */
    SUMMARY,
    /** Spend per time bucket. */
    TREND,
    /** A range against the range before it, with the change in percent. */
    COMPARISON,
    /** Projected spend to the end of the period, with a range. */
    FORECAST,
    /** Cost-optimisation suggestions with estimated savings. */
    OPTIMIZATION;

    public static ReportType parse(String value) {
        return Checks.parseEnum(ReportType.class, value, "report type");
    }
}
