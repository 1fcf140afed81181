package org.atlas.budget.api.model;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

/**
 * One row of a rollup query: the sums of the records in one group (and, when asked, one hour or
 * day).
 *
 * @param bucketStart      the hour or day, or {@code null} when the query was not split by time
 * @param keys             the group's values, in the query's {@code groupBy} order; an absent
 *                         dimension (e.g. no project) is the empty string
 * @param currency         the currency of {@code cost}; groups are always split by currency
 * @param cost             the summed cost of the priced calls, exact, at {@link Money#SCALE} places
 * @param calls            all calls, priced or not
 * @param unpricedCalls    calls recorded UNPRICED (they have no cost, and are never counted as free)
 * @param inputTokens      prompt tokens, cache reads and writes included
 * @param cacheReadTokens  of the input, read from a cache
 * @param cacheWriteTokens of the input, written to a cache
 * @param outputTokens     generated tokens, reasoning included
 * @param reasoningTokens  of the output, reasoning
 */
public record RollupRow(Instant bucketStart, List<String> keys, Currency currency, Money cost, long calls,
        long unpricedCalls, long inputTokens, long cacheReadTokens, long cacheWriteTokens, long outputTokens,
        long reasoningTokens) {

    public RollupRow {
        keys = List.copyOf(Checks.required(keys, "keys"));
        Checks.required(currency, "currency");
        Checks.required(cost, "cost");
        if (!cost.currency().equals(currency)) {
            throw new IllegalArgumentException("cost is in " + cost.currency() + ", the row in " + currency);
        }
        Checks.nonNegative(calls, "calls");
        Checks.nonNegative(unpricedCalls, "unpricedCalls");
        Checks.nonNegative(inputTokens, "inputTokens");
        Checks.nonNegative(cacheReadTokens, "cacheReadTokens");
        Checks.nonNegative(cacheWriteTokens, "cacheWriteTokens");
        Checks.nonNegative(outputTokens, "outputTokens");
        Checks.nonNegative(reasoningTokens, "reasoningTokens");
    }
}
