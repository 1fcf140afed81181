package org.atlas.budget.api.model;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * The matches of a {@link Decision}, built on first read instead of with the decision.
 *
 * <p>Most admissions are allowed, and most callers never read the matches of an allowed one;
 * building a {@link PolicyMatch} and its {@link BucketStatus} for every matching budget of every
 * admission is most of what an admission allocates. This list holds what is needed to build them
 * and builds all of them once, the first time any is read. It is immutable and unmodifiable like
 * the list {@code List.copyOf} gives, and equal to any list of the same matches.
 *
 * <p>{@code match} must be a pure function of its index: it may run on any thread that reads the
 * list, and more than once if two threads read it first at the same time (one result is kept).
 */
public final class DeferredMatches extends AbstractList<PolicyMatch> implements RandomAccess {

    private final int size;
    /** Volatile: a reader that sees it cleared must then see {@link #built}, written before. */
    private volatile IntFunction<PolicyMatch> match;
    private volatile List<PolicyMatch> built;

    /**
     * @param size  how many matches there are
     * @param match the match at an index, from 0 to {@code size - 1}; never {@code null}
     */
    public DeferredMatches(int size, IntFunction<PolicyMatch> match) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        Checks.required(match, "match");
        this.size = size;
        this.match = match;
    }

    private List<PolicyMatch> built() {
        List<PolicyMatch> list = built;
        if (list == null) {
            IntFunction<PolicyMatch> source = match;
            if (source == null) {
                // Another thread built it meanwhile: built is written before match is cleared.
                return built;
            }
            PolicyMatch[] all = new PolicyMatch[size];
            for (int i = 0; i < size; i++) {
                all[i] = source.apply(i);
                if (all[i] == null) {
                    throw new IllegalStateException("match " + i + " of " + size + " is null");
                }
            }
            list = List.of(all);
            built = list;
            // What built them can go: it may hold on to much more than the matches.
            match = null;
        }
        return list;
    }

    @Override
    public PolicyMatch get(int index) {
        return built().get(index);
    }

    @Override
    public int size() {
        return size;
    }
}
