package org.atlas.budget.pricing.internal.index;

import java.math.BigDecimal;

import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.Usage;

/**
 * One set of token rates as unscaled longs and their scales, worked out once per price version,
 * so that the total of a token-only quote can be summed exactly in long arithmetic. Enforcement
 * prices every call twice (the worst case before it, the actual usage after it); summed in
 * {@link BigDecimal}s that is a dozen objects per quote where this makes one.
 *
 * <p>The sum is the same number, with the same scale, as the sum of the quote's lines: a line is
 * {@code tokens x rate / 10^6}, whose scale is {@code max(scale of rate + 6, 0)}, and a sum of
 * lines has the largest of their scales. Whatever does not fit a long (a rate of more than 18
 * digits, a product or sum past {@code Long.MAX_VALUE}) gives {@code null}, and the caller sums
 * in {@link BigDecimal} as before: this is a shortcut for the usual figures, never an
 * approximation.
 */
public final class LongTokenRates {

    /** The order of the components here and in {@link #total}. */
    private static final int INPUT = 0;
    private static final int CACHE_READ = 1;
    private static final int CACHE_WRITE_5M = 2;
    private static final int CACHE_WRITE_1H = 3;
    private static final int OUTPUT = 4;
    private static final int REASONING = 5;

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final long[] unscaled = new long[6];
    /** The scale of each line's amount: {@code max(scale of the rate + 6, 0)}. */
    private final int[] lineScales = new int[6];
    /** How much each unscaled rate is multiplied by to bring it to its line's scale. */
    private final long[] lineFactors = new long[6];
    /** False when a rate has more digits than a long holds: every total is then summed in BigDecimal. */
    private final boolean usable;

    private LongTokenRates(TokenRates rates) {
        BigDecimal[] each = {rates.input(), rates.effectiveCacheRead(), rates.effectiveCacheWrite5m(),
            rates.effectiveCacheWrite1h(), rates.output(), rates.effectiveReasoning()};
        boolean fits = true;
        for (int i = 0; i < each.length; i++) {
            BigDecimal rate = each[i];
            // A line's amount is tokens x rate moved six places left (per million tokens).
            int scale = rate.scale() + 6;
            // Below scale 0 the amount keeps scale 0 and its unscaled value grows instead.
            int grow = scale < 0 ? -scale : 0;
            if (rate.precision() > 18 || grow >= POWERS_OF_TEN.length) {
                fits = false;
                break;
            }
            unscaled[i] = rate.unscaledValue().longValueExact();
            lineScales[i] = Math.max(scale, 0);
            lineFactors[i] = POWERS_OF_TEN[grow];
        }
        this.usable = fits;
    }

    /** The long form of {@code rates}, or {@code null} when there are none. */
    public static LongTokenRates of(TokenRates rates) {
        return rates == null ? null : new LongTokenRates(rates);
    }

    /**
     * The exact total of the token lines of {@code usage} at these rates, as the sum of the lines
     * would be (value and scale), or {@code null} when some figure does not fit a long.
     */
    public BigDecimal total(Usage usage) {
        if (!usable) {
            return null;
        }
        long input = usage.uncachedInputTokens();
        long cacheRead = usage.cacheReadTokens();
        long cacheWrite5m = usage.cacheWrite5mTokens();
        long cacheWrite1h = usage.cacheWrite1hTokens();
        long output = usage.visibleOutputTokens();
        long reasoning = usage.reasoningTokens();
        // The scale of the sum: the largest scale of a line there is (a component without tokens has none).
        int scale = -1;
        scale = widest(scale, input, INPUT);
        scale = widest(scale, cacheRead, CACHE_READ);
        scale = widest(scale, cacheWrite5m, CACHE_WRITE_5M);
        scale = widest(scale, cacheWrite1h, CACHE_WRITE_1H);
        scale = widest(scale, output, OUTPUT);
        scale = widest(scale, reasoning, REASONING);
        if (scale < 0) {
            return BigDecimal.ZERO;
        }
        try {
            long sum = term(input, INPUT, scale);
            sum = Math.addExact(sum, term(cacheRead, CACHE_READ, scale));
            sum = Math.addExact(sum, term(cacheWrite5m, CACHE_WRITE_5M, scale));
            sum = Math.addExact(sum, term(cacheWrite1h, CACHE_WRITE_1H, scale));
            sum = Math.addExact(sum, term(output, OUTPUT, scale));
            sum = Math.addExact(sum, term(reasoning, REASONING, scale));
            return BigDecimal.valueOf(sum, scale);
        } catch (ArithmeticException tooLarge) {
            // Past a long: the caller sums the same lines in BigDecimal, exactly.
            return null;
        }
    }

    private int widest(int scale, long tokens, int component) {
        return tokens > 0 ? Math.max(scale, lineScales[component]) : scale;
    }

    /** One line's amount as an unscaled value at {@code scale}: tokens x rate, aligned. */
    private long term(long tokens, int component, int scale) {
        if (tokens <= 0) {
            return 0;
        }
        int align = scale - lineScales[component];
        if (align >= POWERS_OF_TEN.length) {
            throw new ArithmeticException("scale difference of " + align + " digits");
        }
        long amount = Math.multiplyExact(Math.multiplyExact(tokens, unscaled[component]), lineFactors[component]);
        return Math.multiplyExact(amount, POWERS_OF_TEN[align]);
    }
}
