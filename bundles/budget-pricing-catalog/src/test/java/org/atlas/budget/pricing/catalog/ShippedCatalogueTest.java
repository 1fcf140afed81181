package org.atlas.budget.pricing.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.CatalogueBoard;
import org.atlas.budget.pricing.internal.CatalogueSource;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;
import org.atlas.budget.api.spi.PricingCatalog;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The catalogue this bundle ships, read by the same reader the extender uses in Karaf, and
 * quoted for worked examples from the providers' published prices.
 */
public class ShippedCatalogueTest {

    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    private static CatalogueFile file;
    private static CatalogueBoard board;

    @BeforeClass
    public static void readTheShippedFile() throws Exception {
        try (Reader reader = new InputStreamReader(
                ShippedCatalogueTest.class.getResourceAsStream("/catalogue/atlas-list-prices.json"),
                StandardCharsets.UTF_8)) {
            file = CatalogueFileReader.read(reader, "catalogue/atlas-list-prices.json");
        }
        board = new CatalogueBoard();
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, file.id(), "test"), new PricingCatalog() {
            @Override
            public String id() {
                return file.id();
            }

            @Override
            public java.util.List<ModelPrice> prices() {
                return file.prices();
            }
        });
        assertTrue(String.valueOf(change.error()), change.applied());
    }

    private static void assertCost(String expected, Quote quote) {
        assertEquals(quote.reason(), PricingStatus.PRICED, quote.status());
        assertEquals("cost of " + quote.model() + " was " + quote.exactCost().toPlainString(), 0,
                new BigDecimal(expected).compareTo(quote.exactCost()));
    }

    @Test
    public void coversEverySevenProvidersWithSourcesAndUsd() {
        Set<String> providers = new TreeSet<>();
        for (ModelPrice price : file.prices()) {
            providers.add(price.provider());
            assertEquals("USD", price.currency().getCurrencyCode());
            assertTrue(price.model() + " has no source", price.source() != null && price.source().startsWith("https://"));
        }
        assertEquals(Set.of("anthropic", "deepseek", "google", "groq", "mistral", "openai", "xai"), providers);
        assertTrue("at least 50 models", file.prices().stream().map(ModelPrice::model).distinct().count() >= 50);
    }

    @Test
    public void gpt4oWithCachedInput() {
        // 10,000 prompt tokens of which 6,000 cached, 1,000 output at $2.50 / $1.25 / $10 per 1M:
        // 4,000 x 2.50 + 6,000 x 1.25 + 1,000 x 10 = 10,000 + 7,500 + 10,000 = 27,500 per 1M = $0.0275
        Usage usage = Usage.builder().inputTokens(10_000).cacheReadTokens(6_000).outputTokens(1_000).build();
        Quote q = board.book().quote("openai", "gpt-4o", usage, NOW);
        assertCost("0.0275", q);
        assertEquals("openai/gpt-4o@2024-10-03", q.priceVersion());
    }

    @Test
    public void gpt4oBeforeThePriceCutUsesTheOldVersion() {
        // $5 / $15 per 1M before 2024-10-03: 1M in + 1M out = $20
        Usage usage = Usage.builder().inputTokens(1_000_000).outputTokens(1_000_000).build();
        Quote q = board.book().quote("openai", "gpt-4o", usage, Instant.parse("2024-08-01T00:00:00Z"));
        assertCost("20", q);
        assertEquals("openai/gpt-4o@2024-05-13", q.priceVersion());
    }

    @Test
    public void claudeSonnetCacheWritesAndReads() {
        // 100,000 prompt: 50,000 cache reads ($0.30), 20,000 5m writes ($3.75), 10,000 1h writes ($6),
        // 20,000 uncached ($3); 2,000 output ($15):
        // 0.015 + 0.075 + 0.06 + 0.06 + 0.03 = 0.24
        Usage usage = Usage.builder().inputTokens(100_000).cacheReadTokens(50_000).cacheWriteTokens(30_000)
                .cacheWrite1hTokens(10_000).outputTokens(2_000).build();
        assertCost("0.24", board.book().quote("anthropic", "claude-sonnet-4-20250514", usage, NOW));
    }

    @Test
    public void gemini25ProRerateStrictlyAbove200k() {
        Usage at = Usage.builder().inputTokens(200_000).outputTokens(1_000).build();
        Usage above = Usage.builder().inputTokens(200_001).outputTokens(1_000).build();
        // at the threshold: 200,000 x 1.25 + 1,000 x 10 per 1M = 0.25 + 0.01
        assertCost("0.26", board.book().quote("google", "gemini-2.5-pro", at, NOW));
        // one above: everything at $2.50 / $15: 200,001 x 2.5 + 1,000 x 15 per 1M = 0.5000025 + 0.015
        assertCost("0.5150025", board.book().quote("google", "gemini-2.5-pro", above, NOW));
    }

    @Test
    public void imagesSpeechAndTranscription() {
        Usage images = Usage.builder().requests(0).image(2, "1024x1024", "hd").image(1, "1792x1024", "standard")
                .build();
        assertCost("0.24", board.book().quote("openai", "dall-e-3", images, NOW)); // 2 x 0.08 + 0.08
        Usage speech = Usage.builder().requests(0).characters(2_000).build();
        assertCost("0.03", board.book().quote("openai", "tts-1", speech, NOW)); // 2,000 x $15 / 1M
        Usage transcription = Usage.builder().requests(0).audioSeconds(new BigDecimal("90.5")).build();
        assertCost("0.00905", board.book().quote("openai", "whisper-1", transcription, NOW)); // $0.006 / minute
    }

    @Test
    public void unknownModelsAreUnpricedAndAliasesResolve() {
        Usage usage = Usage.builder().inputTokens(1000).outputTokens(1000).build();
        assertEquals(PricingStatus.UNPRICED, board.book().quote("openai", "gpt-4o-ultra", usage, NOW).status());
        Quote canonical = board.book().quote("openai", "gpt-4o", usage, NOW);
        Quote prefixed = board.book().quote("openai", "openai/gpt-4o", usage, NOW);
        Quote upper = board.book().quote("OpenAI", "GPT-4o", usage, NOW);
        assertEquals(canonical.exactCost(), prefixed.exactCost());
        assertEquals(canonical.exactCost(), upper.exactCost());
        assertEquals("gpt-4o", prefixed.model());
    }
}
