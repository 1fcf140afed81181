package org.atlas.budget.api.model;

import java.time.Instant;
import java.util.List;

/**
 * A query over the store's rollups: usage summed per hour or per day (UTC) and per provider,
 * model, user, project, team and operation, kept in the same transaction as the records. Reports
 * read these instead of the raw log.
 *
 * @param from        first instant, inclusive; must lie on a boundary of {@code granularity}
 * @param to          last instant, exclusive; must lie on a boundary of {@code granularity}
 * @param granularity {@link Granularity#HOUR} or {@link Granularity#DAY} (UTC days)
 * @param provider    optional filter
 * @param model       optional filter
 * @param userId      optional filter
 * @param projectId   optional filter
 * @param teamId      optional filter
 * @param operation   optional filter
 * @param groupBy     the dimensions to group by, in order; {@link GroupBy#TAG} is not rolled up
 * @param byTime      whether rows are also split per hour or day
 */
public record RollupQuery(Instant from, Instant to, Granularity granularity, String provider, String model,
        String userId, String projectId, String teamId, Operation operation, List<GroupBy> groupBy,
        boolean byTime) {

    public RollupQuery {
        Checks.required(from, "from");
        Checks.required(to, "to");
        Checks.required(granularity, "granularity");
        if (granularity != Granularity.HOUR && granularity != Granularity.DAY) {
            throw new IllegalArgumentException("rollups are kept per HOUR or DAY, not " + granularity);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        long unit = granularity == Granularity.HOUR ? 3600 : 86400;
        if (from.getEpochSecond() % unit != 0 || from.getNano() != 0 || to.getEpochSecond() % unit != 0
                || to.getNano() != 0) {
            throw new IllegalArgumentException("from and to must lie on " + granularity + " boundaries (UTC), were "
                    + from + " and " + to);
        }
        groupBy = List.copyOf(groupBy == null ? List.of() : groupBy);
        if (groupBy.contains(GroupBy.TAG)) {
            throw new IllegalArgumentException("rollups are not kept per tag; query the records instead");
        }
        if (groupBy.size() != groupBy.stream().distinct().count()) {
            throw new IllegalArgumentException("groupBy names a dimension twice: " + groupBy);
        }
    }
}
