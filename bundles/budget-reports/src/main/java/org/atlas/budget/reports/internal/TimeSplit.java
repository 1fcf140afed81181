package org.atlas.budget.reports.internal;

/** How finely a report needs its sums split in time. */
enum TimeSplit {
    /** One sum over the whole range. */
    NONE,
    /** Per UTC hour (or per record where the raw log is read). */
    HOUR,
    /** Per UTC day where a whole UTC day lies in the range, per hour at the edges. */
    UTC_DAY,
    /**
     * Per local day of a zone whose offset is a whole number of hours: UTC days moved by the hours
     * between UTC and local midnight (see {@link LocalDays}), per hour at the edges.
     */
    LOCAL_DAY
}
