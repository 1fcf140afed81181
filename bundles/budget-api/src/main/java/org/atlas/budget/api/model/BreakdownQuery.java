package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * A breakdown of spend in a time range by one dimension.
 *
 * <p>Except for {@link GroupBy#TAG}, breakdowns are read from hourly rollups, so {@code from} and
 * {@code to} must lie on whole UTC hours. A tag breakdown reads the records and accepts any
 * instants.
 *
 * @param from      first instant, inclusive
 * @param to        last instant, exclusive
 * @param dimension what to break spend down by
 * @param provider  optional filter
 * @param model     optional filter
 * @param userId    optional filter
 * @param projectId optional filter
 * @param teamId    optional filter
 */
public record BreakdownQuery(Instant from, Instant to, GroupBy dimension, String provider, String model,
        String userId, String projectId, String teamId) {

    public BreakdownQuery {
        Checks.required(from, "from");
        Checks.required(to, "to");
        Checks.required(dimension, "dimension");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (dimension != GroupBy.TAG && (!onHour(from) || !onHour(to))) {
            throw new IllegalArgumentException("a breakdown by " + dimension + " is read from hourly rollups: from and"
                    + " to must lie on whole UTC hours, were " + from + " and " + to);
        }
        provider = provider == null ? null : Checks.provider(provider, "provider");
        model = Checks.optionalText(model, "model", 200);
        userId = Checks.optionalText(userId, "userId", Checks.MAX_ID_LENGTH);
        projectId = Checks.optionalText(projectId, "projectId", Checks.MAX_ID_LENGTH);
        teamId = Checks.optionalText(teamId, "teamId", Checks.MAX_ID_LENGTH);
    }

    /** A breakdown with no filter. */
    public static BreakdownQuery of(Instant from, Instant to, GroupBy dimension) {
        return new BreakdownQuery(from, to, dimension, null, null, null, null, null);
    }

    private static boolean onHour(Instant at) {
        return at.getNano() == 0 && at.getEpochSecond() % 3600 == 0;
    }
}
