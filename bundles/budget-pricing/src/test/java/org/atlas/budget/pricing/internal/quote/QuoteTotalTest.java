package org.atlas.budget.pricing.internal.quote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.Random;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.index.PricedModel;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.Test;

/**
 * {@link CostCalculator#total} answers what {@link CostCalculator#quote} answers, lines aside:
 * the same exact cost to the last digit and scale (so {@code equals}, not only {@code compareTo}),
 * status, currency, price version, catalogue and reason, on seeded random prices whose rates have
 * any scale (many decimals, none, negative), and on figures past a long, where the long sum must
 * give way to the BigDecimal one.
 */
public class QuoteTotalTest {

    private static final long SEED = 20261207L;
    private static final int CASES = 20_000;

    private final CostCalculator calculator = new CostCalculator();

    @Test
    public void aTotalIsTheQuoteWithoutItsLinesOnRandomPricesAndUsages() {
        Random random = new Random(SEED);
        int summedInLongs = 0;
        for (int i = 0; i < CASES; i++) {
            ModelPrice price = randomPrice(random);
            Usage usage = randomUsage(random);
            Quote total = assertSameAsQuote("case " + i + " (seed " + SEED + "): " + price.tokens() + " tiers "
                    + price.tiers() + ", " + usage, price, usage);
            if (total.lines().isEmpty()) {
                summedInLongs++;
            }
        }
        // The shortcut must actually be taken for ordinary figures, or this test proves nothing about it.
        assertTrue("only " + summedInLongs + " of " + CASES + " totals were summed in longs",
                summedInLongs > CASES * 9 / 10);
    }

    @Test
    public void figuresPastALongAreSummedInBigDecimalToTheSameTotal() {
        ModelPrice dear = Prices.model("p", "dear").tokens("92233720368.547758", "1").build();
        Usage many = Usage.builder().inputTokens(Long.MAX_VALUE / 2).outputTokens(3).build();
        Quote total = assertSameAsQuote("a product past a long", dear, many);
        assertFalse("lines of the BigDecimal quote", total.lines().isEmpty());

        ModelPrice manyDigits = Prices.model("p", "precise").tokens("1.0000000000000000001", "2").build();
        Quote precise = assertSameAsQuote("a rate of 20 digits", manyDigits, Usage.builder().inputTokens(7).build());
        assertFalse(precise.lines().isEmpty());

        ModelPrice fine = Prices.model("p", "fine").tokens("0.000000000000000001", "4").build();
        Quote apart = assertSameAsQuote("scales 18 digits apart", fine,
                Usage.builder().inputTokens(3).outputTokens(2).build());
        assertTrue("18 digits apart still fit a long", apart.lines().isEmpty());

        ModelPrice finer = Prices.model("p", "finer").tokens("0.0000000000000000001", "1").build();
        Quote further = assertSameAsQuote("scales 19 digits apart", finer,
                Usage.builder().inputTokens(3).outputTokens(2).build());
        assertFalse(further.lines().isEmpty());
    }

    @Test
    public void aUsageOfMoreThanTokensIsQuotedInFull() {
        ModelPrice price = Prices.model("p", "multi").tokens("2.5", "10").image("1024x1024", "standard", "0.04")
                .perAudioSecond("0.0001").perMillionCharacters("15").perRequest("0.001").build();
        Usage[] usages = {
            Usage.builder().inputTokens(10).image(2, "1024x1024", "standard").build(),
            Usage.builder().inputTokens(10).audioSeconds(new BigDecimal("1.5")).build(),
            Usage.builder().characters(1000).build(),
            Usage.builder().inputTokens(10).requests(3).build()};
        for (Usage usage : usages) {
            Quote total = assertSameAsQuote(usage.toString(), price, usage);
            assertEquals(usage.toString(), quote(price, usage).lines(), total.lines());
        }
    }

    @Test
    public void aLongContextTierGivesTheSameTotalAndNote() {
        ModelPrice price = Prices.model("p", "long").tokens("1.25", "10").tier(200_000, "2.5", "15").build();
        Quote total = assertSameAsQuote("above the tier", price,
                Usage.builder().inputTokens(250_000).outputTokens(1_000).build());
        assertTrue(total.reason(), total.reason().startsWith("long-context tier"));
        assertTrue(total.lines().isEmpty());
    }

    @Test
    public void noTokensCostZeroAsTheQuoteSaysIt() {
        ModelPrice price = Prices.model("p", "m").tokens("2.5", "10").build();
        Quote total = assertSameAsQuote("no tokens", price, Usage.NONE);
        assertEquals(BigDecimal.ZERO, total.exactCost());
    }

    /** Checks every figure but the lines; returns the total for further checks. */
    private Quote assertSameAsQuote(String where, ModelPrice price, Usage usage) {
        Quote quote = quote(price, usage);
        Quote total = calculator.total("p", price.model(), new PricedModel("c", price), usage);
        assertEquals(where, quote.status(), total.status());
        // equals: the same digits at the same scale, as a stored or compared record would see them.
        assertEquals(where, quote.exactCost(), total.exactCost());
        assertEquals(where, quote.currency(), total.currency());
        assertEquals(where, quote.priceVersion(), total.priceVersion());
        assertEquals(where, quote.catalogue(), total.catalogue());
        assertEquals(where, quote.model(), total.model());
        assertEquals(where, quote.reason(), total.reason());
        assertEquals(where, quote.settledCost(), total.settledCost());
        assertEquals(where, quote.reservedCost(), total.reservedCost());
        return total;
    }

    private Quote quote(ModelPrice price, Usage usage) {
        return calculator.quote("p", price.model(), new PricedModel("c", price), usage, false);
    }

    /** Rates of any scale: up to 12 decimals, whole numbers, and whole numbers of negative scale. */
    private static ModelPrice randomPrice(Random random) {
        Prices prices = Prices.model("p", "m" + random.nextInt(1000)).tokens(rate(random), rate(random),
                optionalRate(random), optionalRate(random), optionalRate(random), optionalRate(random));
        if (random.nextInt(3) == 0) {
            prices.tier(1 + random.nextInt(300_000), rate(random), rate(random), optionalRate(random));
        }
        return prices.build();
    }

    private static String optionalRate(Random random) {
        return random.nextBoolean() ? rate(random) : null;
    }

    private static String rate(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "0";
            case 1 -> BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(13)).toString();
            case 2 -> Integer.toString(random.nextInt(100));
            // 3E+2 and the like: a scale below zero, which a catalogue file may well hold.
            case 3 -> new BigDecimal(BigDecimal.valueOf(1 + random.nextInt(9)).unscaledValue(), -1 - random.nextInt(3))
                    .toString();
            default -> BigDecimal.valueOf(random.nextInt(100_000), 4).toPlainString();
        };
    }

    private static Usage randomUsage(Random random) {
        long input = random.nextInt(4) == 0 ? 0 : random.nextInt(500_000);
        long cacheRead = input == 0 || random.nextBoolean() ? 0 : (long) (random.nextDouble() * input);
        long cacheWrite = input - cacheRead == 0 || random.nextBoolean() ? 0
                : (long) (random.nextDouble() * (input - cacheRead));
        long write1h = cacheWrite == 0 ? 0 : (long) (random.nextDouble() * cacheWrite);
        long output = random.nextInt(4) == 0 ? 0 : random.nextInt(50_000);
        long reasoning = output == 0 || random.nextBoolean() ? 0 : (long) (random.nextDouble() * output);
        return Usage.builder().inputTokens(input).cacheReadTokens(cacheRead).cacheWriteTokens(cacheWrite)
                .cacheWrite1hTokens(write1h).outputTokens(output).reasoningTokens(reasoning).build();
    }
}
