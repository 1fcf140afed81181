package org.atlas.budget.api.model;

import java.util.List;

/**
 * One page of results. A page is never silently truncated: when more results exist,
 * {@code nextCursor} is set.
 *
 * @param items      the results of this page
 * @param nextCursor the cursor of the next page, or {@code null} when this is the last
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(Checks.required(items, "items"));
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
