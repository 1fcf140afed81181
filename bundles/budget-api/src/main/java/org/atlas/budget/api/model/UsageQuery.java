package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * A filter over usage history, with keyset pagination. Every filter is optional.
 *
 * @param from      first instant, inclusive
 * @param to        last instant, exclusive
 * @param provider  provider id
 * @param model     model id
 * @param userId    user
 * @param projectId project
 * @param teamId    team
 * @param tag       a tag the record must carry
 * @param limit     page size, 1 to {@value #MAX_LIMIT}
 * @param cursor    the {@code nextCursor} of the previous page, or {@code null} for the first
 */
public record UsageQuery(Instant from, Instant to, String provider, String model, String userId, String projectId,
        String teamId, String tag, int limit, String cursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public UsageQuery {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        provider = provider == null ? null : Checks.provider(provider, "provider");
        model = Checks.optionalText(model, "model", 200);
        userId = Checks.optionalText(userId, "userId", Checks.MAX_ID_LENGTH);
        projectId = Checks.optionalText(projectId, "projectId", Checks.MAX_ID_LENGTH);
        teamId = Checks.optionalText(teamId, "teamId", Checks.MAX_ID_LENGTH);
        tag = Checks.optionalText(tag, "tag", 128);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
        cursor = Checks.optionalText(cursor, "cursor", 512);
    }

    /** Everything in a time range, first page. */
    public static UsageQuery between(Instant from, Instant to) {
        return new UsageQuery(from, to, null, null, null, null, null, null, DEFAULT_LIMIT, null);
    }

    public UsageQuery withCursor(String next) {
        return new UsageQuery(from, to, provider, model, userId, projectId, teamId, tag, limit, next);
    }

    public UsageQuery withLimit(int pageSize) {
        return new UsageQuery(from, to, provider, model, userId, projectId, teamId, tag, pageSize, cursor);
    }
}
