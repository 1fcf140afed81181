package org.atlas.budget.pricing.internal.index;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.quote.PriceBook;
import org.atlas.budget.pricing.testing.Books;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.Test;

/** Model ids resolve exactly, by alias or without a provider prefix, ignoring case; never by a partial name. */
public class ModelResolutionTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Usage USAGE = Usage.builder().inputTokens(1_000).outputTokens(100).build();

    private final PriceBook book = Books.of(
            Prices.model("openai", "gpt-4").tokens("30", "60").build(),
            Prices.model("openai", "gpt-4o").tokens("2.50", "10").alias("gpt-4o-2024-08-06").build(),
            Prices.model("gemini", "gemini-2.5-pro").tokens("1.25", "10").alias("gemini/gemini-2.5-pro").build(),
            Prices.model("anthropic", "claude-sonnet-4-20250514").tokens("3", "15").alias("claude-sonnet-4").build());

    @Test
    public void aLongerIdNeverFallsBackToAShorterOne() {
        assertUnpriced(book.quote("openai", "gpt-4.1", USAGE, NOW));
        assertUnpriced(book.quote("openai", "gpt-4o-mini", USAGE, NOW));
        assertUnpriced(book.quote("openai", "gpt-4-turbo", USAGE, NOW));
        // ... nor a shorter id to a longer one.
        assertUnpriced(book.quote("openai", "gpt", USAGE, NOW));
        assertUnpriced(book.quote("anthropic", "claude-sonnet", USAGE, NOW));
    }

    @Test
    public void exactIdsResolveIgnoringCase() {
        assertEquals("gpt-4", priced("openai", "gpt-4").model());
        assertEquals("gpt-4o", priced("OpenAI", "GPT-4o").model());
        assertEquals("gpt-4o", priced("openai", " gpt-4o ").model());
    }

    @Test
    public void explicitAliasesResolveToTheirModel() {
        Quote dated = priced("openai", "gpt-4o-2024-08-06");
        assertEquals("gpt-4o", dated.model());
        assertEquals("claude-sonnet-4-20250514", priced("anthropic", "Claude-Sonnet-4").model());
    }

    @Test
    public void theAskedProvidersPrefixIsRemoved() {
        assertEquals("gpt-4o", priced("openai", "openai/gpt-4o").model());
        assertEquals("gpt-4o", priced("openai", "OPENAI/gpt-4o-2024-08-06").model());
        // Another provider's prefix is not the asked provider's: no stripping, no guessing.
        assertUnpriced(book.quote("openai", "azure/gpt-4o", USAGE, NOW));
        assertUnpriced(book.quote("anthropic", "openai/gpt-4o", USAGE, NOW));
    }

    @Test
    public void litellmStyleGeminiPrefixWorksOnlyForTheGoogleFamily() {
        assertEquals("gemini-2.5-pro", priced("gemini", "gemini/gemini-2.5-pro").model());
        assertEquals("gemini-2.5-pro", priced("gemini", "gemini-2.5-pro").model());
        // google is a known alias of gemini: its prefix and its bare id both resolve.
        assertEquals("gemini-2.5-pro", priced("google", "gemini/gemini-2.5-pro").model());
        assertEquals("gemini-2.5-pro", priced("google", "gemini-2.5-pro").model());
        // openai is not.
        assertUnpriced(book.quote("openai", "gemini/gemini-2.5-pro", USAGE, NOW));
        assertUnpriced(book.quote("openai", "gemini-2.5-pro", USAGE, NOW));
    }

    @Test
    public void anUnknownModelIsUnpricedWithAReasonNeverZero() {
        Quote quote = book.quote("openai", "gpt-9", USAGE, NOW);
        assertEquals(PricingStatus.UNPRICED, quote.status());
        assertNull(quote.exactCost());
        assertEquals("gpt-9", quote.model());
        assertTrue(quote.reason(), quote.reason().contains("openai/gpt-9"));
        assertFalse(book.price("openai", "gpt-9", NOW).isPresent());
    }

    @Test
    public void aCanonicalIdBeatsAnotherCatalogsAliasAndPrecedenceDecidesBetweenAliases() {
        RankedCatalogue high = new RankedCatalogue("high", 10, 5, "test", List.of(
                Prices.model("openai", "gpt-4o").tokens("2.50", "10").alias("gpt-4o-latest", "chatgpt").build()));
        RankedCatalogue low = new RankedCatalogue("low", 0, 1, "test", List.of(
                Prices.model("openai", "chatgpt").tokens("5", "15").build(),
                Prices.model("openai", "gpt-4o-2024-11-20").tokens("2.50", "10").alias("gpt-4o-latest").build()));
        PriceBook twoCatalogues = Books.of(high, low);
        // "chatgpt" is a model of its own in the low catalogue: its id wins over high's alias.
        assertEquals("chatgpt", twoCatalogues.quote("openai", "chatgpt", USAGE, NOW).model());
        // "gpt-4o-latest" is an alias in both: the higher-ranked catalogue decides.
        assertEquals("gpt-4o", twoCatalogues.quote("openai", "gpt-4o-latest", USAGE, NOW).model());
    }

    @Test
    public void priceLooksUpTheSameWay() {
        Optional<org.atlas.budget.api.model.ModelPrice> price = book.price("OPENAI", "openai/gpt-4o-2024-08-06", NOW);
        assertTrue(price.isPresent());
        assertEquals("gpt-4o", price.get().model());
    }

    private Quote priced(String provider, String model) {
        Quote quote = book.quote(provider, model, USAGE, NOW);
        assertEquals(quote.reason(), PricingStatus.PRICED, quote.status());
        return quote;
    }

    private static void assertUnpriced(Quote quote) {
        assertEquals(quote.model(), PricingStatus.UNPRICED, quote.status());
        assertNull(quote.exactCost());
    }
}
