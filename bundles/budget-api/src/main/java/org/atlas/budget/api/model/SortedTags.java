package org.atlas.budget.api.model;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The tags of {@link Dimensions}: an unmodifiable set in natural order, kept as a sorted array.
 * Every admission iterates them to match tag policies; a tree set's iteration was a walk over
 * entries spread through the heap, and building one was most of what a host app paid for a new
 * {@code Dimensions}.
 */
final class SortedTags extends AbstractSet<String> {

    static final SortedTags EMPTY = new SortedTags(new String[0]);

    private final String[] tags;

    private SortedTags(String[] tags) {
        this.tags = tags;
    }

    /** The distinct values of {@code values} in natural order; the array becomes the set's own. */
    static SortedTags of(String[] values, int count) {
        if (count == 0) {
            return EMPTY;
        }
        Arrays.sort(values, 0, count);
        int distinct = 1;
        for (int i = 1; i < count; i++) {
            if (!values[i].equals(values[distinct - 1])) {
                values[distinct++] = values[i];
            }
        }
        return new SortedTags(distinct == values.length ? values : Arrays.copyOf(values, distinct));
    }

    @Override
    public int size() {
        return tags.length;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof String s && Arrays.binarySearch(tags, s) >= 0;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < tags.length;
            }

            @Override
            public String next() {
                if (next >= tags.length) {
                    throw new NoSuchElementException();
                }
                return tags[next++];
            }
        };
    }
}
