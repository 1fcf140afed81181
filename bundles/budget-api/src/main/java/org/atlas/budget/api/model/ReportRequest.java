package org.atlas.budget.api.model;

import java.time.ZoneId;
import java.util.List;

/**
 * What report to make.
 *
 * @param type        the report
 * @param filter      the records it covers (its time range and filters; its page fields are ignored)
 * @param groupBy     up to two dimensions to group by, outer first
 * @param granularity the bucket width of a trend; {@code null} for other reports
 * @param zone        the time zone buckets and periods follow
 */
public record ReportRequest(ReportType type, UsageQuery filter, List<GroupBy> groupBy, Granularity granularity,
        ZoneId zone) {

    public ReportRequest {
        Checks.required(type, "type");
        Checks.required(filter, "filter");
        if (filter.from() == null || filter.to() == null) {
            throw new IllegalArgumentException("a report needs both from and to");
        }
        groupBy = List.copyOf(groupBy == null ? List.of() : groupBy);
        if (groupBy.size() > 2) {
            throw new IllegalArgumentException("groupBy takes at most two dimensions, was " + groupBy.size());
        }
        if (groupBy.size() == 2 && groupBy.get(0) == groupBy.get(1)) {
            throw new IllegalArgumentException("groupBy names " + groupBy.get(0) + " twice");
        }
        if (type == ReportType.TREND) {
            Checks.required(granularity, "granularity");
        }
        zone = zone == null ? ZoneId.of("UTC") : zone;
    }
}
