package org.atlas.budget.pricing.internal.quote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import org.atlas.budget.api.model.CostLine;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.testing.Books;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.Test;

/**
 * Quotes checked against figures worked out by hand from the providers' published prices. Every
 * expected amount is derived in the comment above it; the engine must agree to the last digit,
 * because it never rounds.
 */
public class WorkedExamplesTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** OpenAI gpt-4o list prices: $2.50 input, $1.25 cached input, $10.00 output per 1M tokens. */
    private final PriceBook openai = Books.of(
            Prices.model("openai", "gpt-4o").tokens("2.50", "10.00", "1.25", null, null, null).batch("0.5").build());

    @Test
    public void gpt4oBillsCachedInputAtTheCachedRate() {
        // 10,000 prompt tokens of which 4,000 were read from the cache; 2,000 output tokens.
        //   uncached  6,000 x $2.50 / 1M = $0.015
        //   cached    4,000 x $1.25 / 1M = $0.005
        //   output    2,000 x $10.00 / 1M = $0.020
        //   total                          $0.040
        Usage usage = Usage.builder().inputTokens(10_000).cacheReadTokens(4_000).outputTokens(2_000).build();
        Quote quote = openai.quote("openai", "gpt-4o", usage, NOW);

        assertEquals(PricingStatus.PRICED, quote.status());
        assertAmount("0.040", quote.exactCost());
        Map<String, BigDecimal> lines = amounts(quote);
        assertAmount("0.015", lines.get("input"));
        assertAmount("0.005", lines.get("cache_read"));
        assertAmount("0.020", lines.get("output"));
        assertEquals("gpt-4o", quote.model());
        assertEquals(Books.CATALOGUE, quote.catalogue());
        assertEquals("openai/gpt-4o@test", quote.priceVersion());
        assertEquals(Money.of("0.04", "USD"), quote.settledCost());
    }

    @Test
    public void batchCallsAreBilledAtTheBatchMultiplier() {
        // The same call through the Batch API at 50%: $0.040 x 0.5 = $0.020.
        Usage usage = Usage.builder().inputTokens(10_000).cacheReadTokens(4_000).outputTokens(2_000).build();
        Quote quote = openai.quoteBatch("openai", "gpt-4o", usage, NOW);
        assertAmount("0.020", quote.exactCost());
        assertTrue(quote.reason(), quote.reason().contains("batch"));
        // Each line still reads quantity x the rate charged: output at $5.00 per 1M.
        CostLine output = quote.lines().stream().filter(l -> l.component().equals("output")).findFirst().orElseThrow();
        assertAmount("5.00", output.unitPrice());
    }

    @Test
    public void batchWithoutAKnownDiscountIsTheFullPriceAndSaysSo() {
        PriceBook book = Books.of(Prices.model("openai", "o3").tokens("2.00", "8.00").build());
        Usage usage = Usage.builder().inputTokens(1_000).outputTokens(1_000).build();
        // 1,000 x $2 / 1M + 1,000 x $8 / 1M = $0.002 + $0.008 = $0.010, no discount.
        Quote quote = book.quoteBatch("openai", "o3", usage, NOW);
        assertAmount("0.010", quote.exactCost());
        assertTrue(quote.reason(), quote.reason().contains("no batch discount is known"));
    }

    /**
     * Anthropic claude-sonnet-4: $3 input, $15 output, $0.30 cache read, $3.75 five-minute cache
     * write, $6 one-hour cache write per 1M tokens; reasoning (thinking) billed as output.
     */
    @Test
    public void claudeSonnet4BillsEachCacheKindAtItsOwnRate() {
        PriceBook anthropic = Books.of(Prices.model("anthropic", "claude-sonnet-4")
                .tokens("3", "15", "0.30", "3.75", "6", null).build());
        // Prompt of 100,000 tokens: 50,000 cache reads, 30,000 cache writes (10,000 of them 1h),
        // 20,000 uncached. Output 5,000 tokens, 1,000 of them thinking.
        //   uncached   20,000 x $3    / 1M = $0.060
        //   cache read 50,000 x $0.30 / 1M = $0.015
        //   write 5m   20,000 x $3.75 / 1M = $0.075
        //   write 1h   10,000 x $6    / 1M = $0.060
        //   output      4,000 x $15   / 1M = $0.060
        //   reasoning   1,000 x $15   / 1M = $0.015
        //   total                           $0.285
        Usage usage = Usage.builder().inputTokens(100_000).cacheReadTokens(50_000).cacheWriteTokens(30_000)
                .cacheWrite1hTokens(10_000).outputTokens(5_000).reasoningTokens(1_000).build();
        Quote quote = anthropic.quote("anthropic", "claude-sonnet-4", usage, NOW);

        assertAmount("0.285", quote.exactCost());
        Map<String, BigDecimal> lines = amounts(quote);
        assertAmount("0.060", lines.get("input"));
        assertAmount("0.015", lines.get("cache_read"));
        assertAmount("0.075", lines.get("cache_write_5m"));
        assertAmount("0.060", lines.get("cache_write_1h"));
        assertAmount("0.060", lines.get("output"));
        assertAmount("0.015", lines.get("reasoning"));
    }

    /** Gemini 2.5 Pro: $1.25 / $10 per 1M up to 200,000 prompt tokens; above, $2.50 / $15 on everything. */
    private final PriceBook google = Books.of(Prices.model("google", "gemini-2.5-pro")
            .tokens("1.25", "10", "0.125", null, null, null).tier(200_000, "2.50", "15", "0.25").build());

    @Test
    public void gemini25ProAtExactlyTheThresholdPaysBaseRates() {
        // 200,000 is not strictly above 200,000:
        //   200,000 x $1.25 / 1M = $0.25;  1,000 x $10 / 1M = $0.01;  total $0.26
        Quote quote = google.quote("google", "gemini-2.5-pro",
                Usage.builder().inputTokens(200_000).outputTokens(1_000).build(), NOW);
        assertAmount("0.26", quote.exactCost());
        assertNull(quote.reason());
    }

    @Test
    public void gemini25ProOneTokenAboveTheThresholdRepricesTheWholeRequest() {
        // 200,001 > 200,000: input AND output at the tier's rates.
        //   200,001 x $2.50 / 1M = $0.5000025;  1,000 x $15 / 1M = $0.015;  total $0.5150025
        Quote quote = google.quote("google", "gemini-2.5-pro",
                Usage.builder().inputTokens(200_001).outputTokens(1_000).build(), NOW);
        assertAmount("0.5150025", quote.exactCost());
        assertTrue(quote.reason(), quote.reason().contains("long-context tier"));
    }

    @Test
    public void cachedTokensCountTowardsTheTierThreshold() {
        // 150,000 uncached + 60,000 cached = 210,000 > 200,000, so the tier applies:
        //   150,000 x $2.50 / 1M = $0.375;  60,000 x $0.25 / 1M = $0.015;  10,000 x $15 / 1M = $0.15
        //   total $0.54
        Quote quote = google.quote("google", "gemini-2.5-pro", Usage.builder().inputTokens(210_000)
                .cacheReadTokens(60_000).outputTokens(10_000).build(), NOW);
        assertAmount("0.54", quote.exactCost());
    }

    /** DALL-E 3: standard 1024x1024 $0.04, HD 1024x1024 $0.08, HD 1024x1792 $0.12 per image. */
    private final PriceBook images = Books.of(Prices.model("openai", "dall-e-3").mode(Operation.IMAGE_GENERATION)
            .image("1024x1024", "standard", "0.04").image("1024x1024", "hd", "0.08")
            .image("1024x1792", "hd", "0.12").image("*", "standard", "0.05").build());

    @Test
    public void imagesArePricedBySizeAndQuality() {
        // 2 standard 1024x1024 = $0.08;  1 HD 1024x1024 = $0.08;  3 HD 1024x1792 = $0.36;  total $0.52
        Usage usage = Usage.builder().requests(0).image(2, "1024x1024", "standard").image(1, "1024x1024", "hd")
                .image(3, "1024x1792", "HD").build();
        Quote quote = images.quote("openai", "dall-e-3", usage, NOW);
        assertAmount("0.52", quote.exactCost());
        assertEquals(3, quote.lines().size());
    }

    @Test
    public void theMostSpecificImageRateWins() {
        // Standard 1024x1792 has no exact rate: the wildcard (*, standard) $0.05 applies;
        // standard 1024x1024 has one, $0.04, which beats the wildcard.
        Usage usage = Usage.builder().image(1, "1024x1792", "standard").image(1, "1024x1024", "standard").build();
        assertAmount("0.09", images.quote("openai", "dall-e-3", usage, NOW).exactCost());
    }

    @Test
    public void anImageSizeWithoutARateIsUnpriced() {
        Quote quote = images.quote("openai", "dall-e-3", Usage.builder().image(1, "512x512", "hd").build(), NOW);
        assertEquals(PricingStatus.UNPRICED, quote.status());
        assertTrue(quote.reason(), quote.reason().contains("512x512"));
    }

    @Test
    public void textToSpeechIsBilledPerCharacter() {
        // tts-1: $15 per 1M characters. 2,500 characters x $15 / 1M = $0.0375.
        PriceBook book = Books.of(Prices.model("openai", "tts-1").mode(Operation.TEXT_TO_SPEECH)
                .perMillionCharacters("15").build());
        Quote quote = book.quote("openai", "tts-1", Usage.builder().characters(2_500).build(), NOW);
        assertAmount("0.0375", quote.exactCost());
    }

    @Test
    public void speechToTextIsBilledPerSecond() {
        // whisper-1: $0.006 per minute = $0.0001 per second. 90.5 s x $0.0001 = $0.00905.
        PriceBook book = Books.of(Prices.model("openai", "whisper-1").mode(Operation.SPEECH_TO_TEXT)
                .perAudioSecond("0.0001").build());
        Quote quote = book.quote("openai", "whisper-1",
                Usage.builder().audioSeconds(new BigDecimal("90.5")).build(), NOW);
        assertAmount("0.00905", quote.exactCost());
    }

    @Test
    public void requestsAreBilledOnlyWhereThereIsAPerRequestRate() {
        // Cohere rerank 3.5: $2 per 1,000 searches = $0.002 per request; 3 requests = $0.006.
        PriceBook book = Books.of(Prices.model("cohere", "rerank-v3.5").mode(Operation.RERANK)
                .perRequest("0.002").build(), Prices.model("openai", "gpt-4o").tokens("2.50", "10").build());
        assertAmount("0.006", book.quote("cohere", "rerank-v3.5", Usage.builder().requests(3).build(), NOW)
                .exactCost());
        // gpt-4o has no per-request rate: the request of a call is not a billable unit there.
        Quote chat = book.quote("openai", "gpt-4o", Usage.builder().inputTokens(1_000).requests(1).build(), NOW);
        assertEquals(PricingStatus.PRICED, chat.status());
        assertAmount("0.0025", chat.exactCost());
        assertFalse(chat.lines().stream().anyMatch(l -> l.component().equals("requests")));
    }

    @Test
    public void aUnitWithoutARateMakesTheQuoteUnpricedNeverFree() {
        PriceBook book = Books.of(Prices.model("openai", "gpt-4o").tokens("2.50", "10").build(),
                Prices.model("openai", "whisper-1").mode(Operation.SPEECH_TO_TEXT).perAudioSecond("0.0001").build());
        assertUnpriced(book.quote("openai", "gpt-4o", Usage.builder().image(1, "1024x1024", "hd").build(), NOW),
                "image");
        assertUnpriced(book.quote("openai", "whisper-1", Usage.builder().inputTokens(10).build(), NOW), "token");
        assertUnpriced(book.quote("openai", "gpt-4o", Usage.builder().characters(10).build(), NOW), "character");
        assertUnpriced(book.quote("openai", "gpt-4o",
                Usage.builder().audioSeconds(BigDecimal.ONE).build(), NOW), "audio");
    }

    @Test
    public void roundingIsStatedReserveUpSettleHalfEven() {
        // 3 tokens x $0.0375 / 1M = $0.0000001125 exactly: ten decimal places.
        //   settled (HALF_EVEN to 9 places): 0.000000112  (the dropped digit is a tie after an even 2)
        //   reserved (CEILING to 9 places):  0.000000113
        PriceBook book = Books.of(Prices.model("x", "tiny").tokens("0.0375", "0.0375").build());
        Quote quote = book.quote("x", "tiny", Usage.builder().inputTokens(3).build(), NOW);
        assertAmount("0.0000001125", quote.exactCost());
        assertEquals(new BigDecimal("0.000000112"), quote.settledCost().amount().stripTrailingZeros());
        assertEquals(new BigDecimal("0.000000113"), quote.reservedCost().amount().stripTrailingZeros());
    }

    private static void assertUnpriced(Quote quote, String unit) {
        assertEquals(PricingStatus.UNPRICED, quote.status());
        assertNull("unknown is not $0", quote.exactCost());
        assertTrue(quote.reason(), quote.reason().contains(unit));
    }

    private static Map<String, BigDecimal> amounts(Quote quote) {
        return quote.lines().stream().collect(Collectors.toMap(CostLine::component, CostLine::amount));
    }

    /** Equal as numbers: the engine keeps whatever scale the exact product has. */
    private static void assertAmount(String expected, BigDecimal actual) {
        assertEquals("expected " + expected + " but was " + actual, 0, new BigDecimal(expected).compareTo(actual));
    }
}
