package org.atlas.budget.api.model;

import java.math.BigDecimal;

/**
 * Prices per one million tokens, exact decimals in the price's currency.
 *
 * <p>Only {@code input} and {@code output} are required. An absent rate means the provider
 * does not price that part separately, and the tokens are billed as follows: cache reads and
 * five-minute cache writes at the input rate, one-hour cache writes at the five-minute write rate,
 * reasoning tokens at the output rate.
 *
 * @param input        per 1M uncached input tokens
 * @param output       per 1M output tokens
 * @param cacheRead    per 1M tokens read from the prompt cache, or {@code null}
 * @param cacheWrite5m per 1M tokens written to the cache with the default lifetime, or {@code null}
 * @param cacheWrite1h per 1M tokens written to the cache for one hour, or {@code null}
 * @param reasoning    per 1M reasoning tokens where priced apart from output, or {@code null}
 */
public record TokenRates(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite5m,
        BigDecimal cacheWrite1h, BigDecimal reasoning) {

    public TokenRates {
        Checks.nonNegative(input, "input");
        Checks.nonNegative(output, "output");
        if (cacheRead != null) {
            Checks.nonNegative(cacheRead, "cacheRead");
        }
        if (cacheWrite5m != null) {
            Checks.nonNegative(cacheWrite5m, "cacheWrite5m");
        }
        if (cacheWrite1h != null) {
            Checks.nonNegative(cacheWrite1h, "cacheWrite1h");
        }
        if (reasoning != null) {
            Checks.nonNegative(reasoning, "reasoning");
        }
    }

    public static TokenRates of(String input, String output) {
        return new TokenRates(new BigDecimal(input), new BigDecimal(output), null, null, null, null);
    }

    public BigDecimal effectiveCacheRead() {
        return cacheRead != null ? cacheRead : input;
    }

    public BigDecimal effectiveCacheWrite5m() {
        return cacheWrite5m != null ? cacheWrite5m : input;
    }

    public BigDecimal effectiveCacheWrite1h() {
        return cacheWrite1h != null ? cacheWrite1h : effectiveCacheWrite5m();
    }

    public BigDecimal effectiveReasoning() {
        return reasoning != null ? reasoning : output;
    }
}
