package org.atlas.budget.reports.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.UsageRecord;

/** The group values of a raw record, the same way the store's rollups key them. */
final class Dimension {

    private Dimension() {
    }

    /**
     * The keys a record counts under. A record with several tags counts once per tag under a TAG
     * group-by (and under no tag, as the empty string, when it has none).
     */
    static List<List<String>> keysOf(UsageRecord record, List<GroupBy> groupBy) {
        List<List<String>> result = new ArrayList<>();
        result.add(List.of());
        for (GroupBy dimension : groupBy) {
            List<String> values = valuesOf(record, dimension);
            List<List<String>> next = new ArrayList<>(result.size() * values.size());
            for (List<String> prefix : result) {
                for (String value : values) {
                    List<String> keys = new ArrayList<>(prefix);
                    keys.add(value);
                    next.add(keys);
                }
            }
            result = next;
        }
        return result;
    }

    private static List<String> valuesOf(UsageRecord record, GroupBy dimension) {
        Dimensions dims = record.report().dimensions();
        return switch (dimension) {
            case PROVIDER -> List.of(record.report().provider());
            case MODEL -> List.of(record.report().model());
            case USER -> List.of(orEmpty(dims.userId()));
            case PROJECT -> List.of(orEmpty(dims.projectId()));
            case TEAM -> List.of(orEmpty(dims.teamId()));
            case OPERATION -> List.of(record.report().operation().name());
            case TAG -> tags(dims.tags());
        };
    }

    private static List<String> tags(Set<String> tags) {
        return tags.isEmpty() ? List.of("") : List.copyOf(tags);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
