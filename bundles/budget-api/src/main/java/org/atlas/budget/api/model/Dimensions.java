package org.atlas.budget.api.model;

import java.util.Set;

/**
 * Who and what a call is attributed to. Every field is optional; present values are trimmed,
 * non-blank, at most 256 characters and free of control characters.
 *
 * @param userId    the end user
 * @param projectId the project or application
 * @param teamId    the team that owns the project
 * @param sessionId the conversation or session
 * @param tags      free tags (at most 32, each at most 128 characters), kept sorted
 */
public record Dimensions(String userId, String projectId, String teamId, String sessionId, Set<String> tags) {

    public static final int MAX_TAGS = 32;

    /** A call attributed to nobody in particular. */
    public static final Dimensions NONE = new Dimensions(null, null, null, null, Set.of());

    public Dimensions {
        userId = Checks.optionalText(userId, "userId", Checks.MAX_ID_LENGTH);
        projectId = Checks.optionalText(projectId, "projectId", Checks.MAX_ID_LENGTH);
        teamId = Checks.optionalText(teamId, "teamId", Checks.MAX_ID_LENGTH);
        sessionId = Checks.optionalText(sessionId, "sessionId", Checks.MAX_ID_LENGTH);
        if (!(tags instanceof SortedTags)) {
            tags = sortedTags(tags);
        }
    }

    /** Checked, trimmed, distinct and sorted; at most {@link #MAX_TAGS} of them. */
    private static SortedTags sortedTags(Set<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return SortedTags.EMPTY;
        }
        String[] values = new String[tags.size()];
        int count = 0;
        for (String tag : tags) {
            if (count == values.length) {
                // A concurrent set may have grown since size() was read.
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            values[count++] = Checks.text(tag, "tags", 128);
        }
        SortedTags sorted = SortedTags.of(values, count);
        if (sorted.size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags must hold at most " + MAX_TAGS + " tags, was " + sorted.size());
        }
        return sorted;
    }

    public static Dimensions ofUser(String userId) {
        return new Dimensions(userId, null, null, null, Set.of());
    }

    public Dimensions withUser(String value) {
        return new Dimensions(value, projectId, teamId, sessionId, tags);
    }

    public Dimensions withProject(String value) {
        return new Dimensions(userId, value, teamId, sessionId, tags);
    }

    public Dimensions withTeam(String value) {
        return new Dimensions(userId, projectId, value, sessionId, tags);
    }

    public Dimensions withSession(String value) {
        return new Dimensions(userId, projectId, teamId, value, tags);
    }

    public Dimensions withTags(Set<String> value) {
        return new Dimensions(userId, projectId, teamId, sessionId, value);
    }
}
