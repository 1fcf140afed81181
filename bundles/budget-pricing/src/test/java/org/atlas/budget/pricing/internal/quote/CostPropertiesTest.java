package org.atlas.budget.pricing.internal.quote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Random;

import org.atlas.budget.api.model.CostLine;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.index.PricedModel;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.Test;

/**
 * Properties of the cost that must hold for every price and usage, checked on many seeded random
 * cases (plain loops: a failure names its seed and case, and reruns identically).
 *
 * <p>Random prices follow what providers publish: a long-context tier is never cheaper than the
 * base rates, and a cache read never costs more than uncached input.
 */
public class CostPropertiesTest {

    private static final long SEED = 20251128L;
    private static final int CASES = 5_000;
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    private static final BigDecimal HALF_NANO = new BigDecimal("0.0000000005");
    private static final BigDecimal NANO = new BigDecimal("0.000000001");

    private final CostCalculator calculator = new CostCalculator();

    @Test
    public void costNeverDecreasesWhenInputOrOutputTokensGrow() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            ModelPrice price = randomPrice(random);
            Usage usage = randomUsage(random);
            long more = 1 + random.nextInt(100_000);
            Usage moreInput = copy(usage, usage.inputTokens() + more, usage.outputTokens());
            Usage moreOutput = copy(usage, usage.inputTokens(), usage.outputTokens() + more);
            BigDecimal base = cost(price, usage);
            assertTrue(describe(i, price, usage) + " with " + more + " more input tokens",
                    cost(price, moreInput).compareTo(base) >= 0);
            assertTrue(describe(i, price, usage) + " with " + more + " more output tokens",
                    cost(price, moreOutput).compareTo(base) >= 0);
        }
    }

    @Test
    public void crossingATierThresholdMakesTheRequestDearer() {
        // The tier re-rates the whole request, so one more prompt token costs a jump, not a token.
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            ModelPrice price = randomPrice(random);
            if (price.tiers().isEmpty()) {
                continue;
            }
            long threshold = price.tiers().get(0).aboveInputTokens();
            long output = random.nextInt(10_000);
            Usage at = Usage.builder().inputTokens(threshold).outputTokens(output).build();
            Usage above = Usage.builder().inputTokens(threshold + 1).outputTokens(output).build();
            BigDecimal oneTokenAtBase = price.tokens().input().movePointLeft(6);
            assertTrue("case " + i + ": " + price, cost(price, above).subtract(cost(price, at))
                    .compareTo(oneTokenAtBase) >= 0);
        }
    }

    @Test
    public void turningUncachedInputIntoCacheReadsNeverRaisesTheCost() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < CASES; i++) {
            ModelPrice price = randomPrice(random);
            Usage usage = randomUsage(random);
            long uncached = usage.uncachedInputTokens();
            if (uncached == 0) {
                continue;
            }
            long moved = 1 + (long) (random.nextDouble() * uncached);
            Usage cached = new Usage(usage.inputTokens(), usage.cacheReadTokens() + moved, usage.cacheWriteTokens(),
                    usage.cacheWrite1hTokens(), usage.outputTokens(), usage.reasoningTokens(), usage.images(),
                    usage.audioSeconds(), usage.characters(), usage.requests());
            assertTrue(describe(i, price, usage) + " moving " + moved + " to the cache",
                    cost(price, cached).compareTo(cost(price, usage)) <= 0);
        }
    }

    @Test
    public void linesFollowTheSubsetRulesAndAddUpToTheTotal() {
        Random random = new Random(SEED + 3);
        for (int i = 0; i < CASES; i++) {
            ModelPrice price = randomPrice(random);
            Usage usage = randomUsage(random);
            Quote quote = quote(price, usage);
            BigDecimal input = BigDecimal.ZERO;
            BigDecimal output = BigDecimal.ZERO;
            BigDecimal sum = BigDecimal.ZERO;
            for (CostLine line : quote.lines()) {
                sum = sum.add(line.amount());
                switch (line.component()) {
                    case "input", "cache_read", "cache_write_5m", "cache_write_1h" -> input = input.add(line.quantity());
                    case "output", "reasoning" -> output = output.add(line.quantity());
                    default -> throw new AssertionError("unexpected line " + line);
                }
            }
            String where = describe(i, price, usage);
            assertEquals(where, 0, input.compareTo(BigDecimal.valueOf(usage.inputTokens())));
            assertEquals(where, 0, output.compareTo(BigDecimal.valueOf(usage.outputTokens())));
            assertEquals(where, 0, sum.compareTo(quote.exactCost()));
        }
    }

    @Test
    public void reservedIsAtLeastExactAndSettledIsWithinHalfANano() {
        Random random = new Random(SEED + 4);
        for (int i = 0; i < CASES; i++) {
            ModelPrice price = randomPrice(random);
            Quote quote = quote(price, randomUsage(random));
            BigDecimal exact = quote.exactCost();
            Money reserved = quote.reservedCost();
            Money settled = quote.settledCost();
            String where = "case " + i + ": exact " + exact.toPlainString();
            assertTrue(where, reserved.amount().compareTo(exact) >= 0);
            assertTrue(where, reserved.amount().subtract(exact).compareTo(NANO) < 0);
            assertTrue(where, reserved.compareTo(settled) >= 0);
            assertTrue(where, settled.amount().subtract(exact).abs().compareTo(HALF_NANO) <= 0);
        }
    }

    private Quote quote(ModelPrice price, Usage usage) {
        return calculator.quote("p", price.model(), new PricedModel("c", price), usage, false);
    }

    private BigDecimal cost(ModelPrice price, Usage usage) {
        return quote(price, usage).exactCost();
    }

    /** Rates with up to 4 decimals as providers publish; cache reads at most input; tier at least base. */
    private static ModelPrice randomPrice(Random random) {
        BigDecimal input = money(random, 50);
        BigDecimal output = money(random, 100);
        BigDecimal cacheRead = input.multiply(BigDecimal.valueOf(random.nextInt(101))).movePointLeft(2);
        String write5m = random.nextBoolean() ? input.multiply(new BigDecimal("1.25")).toPlainString() : null;
        String write1h = random.nextBoolean() ? input.multiply(new BigDecimal("2")).toPlainString() : null;
        String reasoning = random.nextBoolean() ? output.toPlainString() : null;
        Prices prices = Prices.model("p", "m" + random.nextInt(1000)).tokens(input.toPlainString(),
                output.toPlainString(), cacheRead.toPlainString(), write5m, write1h, reasoning);
        ModelPrice base = prices.build();
        if (random.nextBoolean()) {
            // Every rate of the tier at least its base counterpart, as providers price long context.
            TokenRates rates = base.tokens();
            BigDecimal tierInput = input.add(money(random, 10));
            prices.tier(1 + random.nextInt(300_000), new TokenRates(tierInput, output.add(money(random, 10)),
                    cacheRead.add(money(random, 1)).min(tierInput),
                    rates.effectiveCacheWrite5m().add(money(random, 5)),
                    rates.effectiveCacheWrite1h().add(money(random, 5)),
                    rates.effectiveReasoning().add(money(random, 10))));
        }
        return prices.build();
    }

    private static BigDecimal money(Random random, int max) {
        return BigDecimal.valueOf(random.nextInt(max * 10_000 + 1), 4);
    }

    private static Usage randomUsage(Random random) {
        long input = random.nextInt(500_000);
        long cacheRead = input == 0 ? 0 : (long) (random.nextDouble() * input);
        long cacheWrite = input - cacheRead == 0 ? 0 : (long) (random.nextDouble() * (input - cacheRead));
        long write1h = cacheWrite == 0 ? 0 : (long) (random.nextDouble() * cacheWrite);
        long output = random.nextInt(50_000);
        long reasoning = output == 0 ? 0 : (long) (random.nextDouble() * output);
        return Usage.builder().inputTokens(input).cacheReadTokens(cacheRead).cacheWriteTokens(cacheWrite)
                .cacheWrite1hTokens(write1h).outputTokens(output).reasoningTokens(reasoning).build();
    }

    /** The same usage with other totals; added input is uncached, added output is visible. */
    private static Usage copy(Usage usage, long input, long output) {
        return new Usage(input, usage.cacheReadTokens(), usage.cacheWriteTokens(), usage.cacheWrite1hTokens(), output,
                usage.reasoningTokens(), usage.images(), usage.audioSeconds(), usage.characters(), usage.requests());
    }

    private static String describe(int i, ModelPrice price, Usage usage) {
        return "case " + i + " (seed " + SEED + "): " + price.tokens() + " tiers " + price.tiers() + ", " + usage;
    }
}
