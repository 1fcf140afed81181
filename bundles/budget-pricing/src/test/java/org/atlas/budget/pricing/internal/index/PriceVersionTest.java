package org.atlas.budget.pricing.internal.index;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.quote.PriceBook;
import org.atlas.budget.pricing.testing.Books;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.Test;

/** The version in force at the quote's instant prices it; history never changes (guarantee 7). */
public class PriceVersionTest {

    private static final Usage MILLION_IN = Usage.builder().inputTokens(1_000_000).build();

    private final PriceBook book = Books.of(
            Prices.model("openai", "gpt-4o").tokens("5.00", "15.00").version("gpt-4o@2024-05-13", "2024-05-13T00:00:00Z")
                    .build(),
            Prices.model("openai", "gpt-4o").tokens("2.50", "10.00").version("gpt-4o@2024-10-01", "2024-10-01T00:00:00Z")
                    .build());

    @Test
    public void eachInstantGetsTheVersionInForceThen() {
        Quote may = book.quote("openai", "gpt-4o", MILLION_IN, Instant.parse("2024-06-01T00:00:00Z"));
        Quote november = book.quote("openai", "gpt-4o", MILLION_IN, Instant.parse("2024-11-01T00:00:00Z"));
        assertEquals("gpt-4o@2024-05-13", may.priceVersion());
        assertEquals(0, new BigDecimal("5.00").compareTo(may.exactCost()));
        assertEquals("gpt-4o@2024-10-01", november.priceVersion());
        assertEquals(0, new BigDecimal("2.50").compareTo(november.exactCost()));
    }

    @Test
    public void aVersionIsInForceFromItsEffectiveInstantInclusive() {
        assertEquals("gpt-4o@2024-05-13", book.quote("openai", "gpt-4o", MILLION_IN,
                Instant.parse("2024-09-30T23:59:59.999Z")).priceVersion());
        assertEquals("gpt-4o@2024-10-01", book.quote("openai", "gpt-4o", MILLION_IN,
                Instant.parse("2024-10-01T00:00:00Z")).priceVersion());
    }

    @Test
    public void beforeTheFirstVersionTheModelIsUnpricedAndTheReasonSaysWhenPricesStart() {
        Quote quote = book.quote("openai", "gpt-4o", MILLION_IN, Instant.parse("2024-01-01T00:00:00Z"));
        assertEquals(PricingStatus.UNPRICED, quote.status());
        assertNull(quote.exactCost());
        assertTrue(quote.reason(), quote.reason().contains("2024-05-13T00:00:00Z"));
    }

    @Test
    public void aRecordsCostNeverChangesTheRegistryIsPure() {
        Instant recorded = Instant.parse("2024-06-01T00:00:00Z");
        Quote first = book.quote("openai", "gpt-4o", MILLION_IN, recorded);
        // Asking again, and asking a book that has since gained a later version (even from a
        // better-ranked catalogue), gives the same charge for the same instant.
        assertEquals(first, book.quote("openai", "gpt-4o", MILLION_IN, recorded));
        RankedCatalogue newer = new RankedCatalogue("newer", 100, 9, "test", List.of(Prices.model("openai", "gpt-4o")
                .tokens("1.00", "4.00").version("gpt-4o@2026-01-01", "2026-01-01T00:00:00Z").build()));
        RankedCatalogue original = new RankedCatalogue(Books.CATALOGUE, 0, 1, "test", List.of(
                Prices.model("openai", "gpt-4o").tokens("5.00", "15.00")
                        .version("gpt-4o@2024-05-13", "2024-05-13T00:00:00Z").build()));
        PriceBook later = Books.of(newer, original);
        assertEquals(first, later.quote("openai", "gpt-4o", MILLION_IN, recorded));
        assertEquals("gpt-4o@2026-01-01",
                later.quote("openai", "gpt-4o", MILLION_IN, Instant.parse("2026-02-01T00:00:00Z")).priceVersion());
    }
}
