package org.atlas.budget.pricing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.Test;

/** Precedence and rejection of catalogues, with real PricingCatalog objects. */
public class CatalogueBoardTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Usage MILLION_IN = Usage.builder().inputTokens(1_000_000).build();

    private final CatalogueBoard board = new CatalogueBoard();

    /** A catalogue whose content a test can change between calls, as a live catalogue bundle would. */
    private static final class MutableCatalogue implements PricingCatalog {
        private final String id;
        private volatile List<ModelPrice> prices;
        private volatile RuntimeException failure;

        MutableCatalogue(String id, ModelPrice... prices) {
            this.id = id;
            this.prices = Arrays.asList(prices);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<ModelPrice> prices() {
            if (failure != null) {
                throw failure;
            }
            return prices;
        }
    }

    private static ModelPrice gpt4o(String input, String catalogue) {
        return Prices.model("openai", "gpt-4o").tokens(input, "10").version(catalogue + ":gpt-4o", "2024-01-01T00:00:00Z")
                .build();
    }

    private Quote quote() {
        return board.book().quote("openai", "gpt-4o", MILLION_IN, NOW);
    }

    private static void assertCost(String expected, Quote quote) {
        assertEquals(quote.reason(), PricingStatus.PRICED, quote.status());
        assertEquals(0, new BigDecimal(expected).compareTo(quote.exactCost()));
    }

    @Test
    public void theHighestRankingWinsAndATieGoesToTheOlderService() {
        board.put(new CatalogueSource(10, 0, "list", "b1"), new MutableCatalogue("list", gpt4o("2.50", "list")));
        board.put(new CatalogueSource(11, 5, "negotiated", "b2"),
                new MutableCatalogue("negotiated", gpt4o("2.00", "negotiated")));
        assertCost("2.00", quote());
        assertEquals("negotiated", quote().catalogue());

        board.put(new CatalogueSource(12, 5, "same-rank-newer", "b3"),
                new MutableCatalogue("same-rank-newer", gpt4o("1.00", "same-rank-newer")));
        assertEquals("negotiated", quote().catalogue());

        board.remove(11);
        assertEquals("same-rank-newer", quote().catalogue());
        board.remove(12);
        assertEquals("list", quote().catalogue());
    }

    @Test
    public void aHigherRankedCatalogueWithoutAVersionInForceLeavesTheModelToTheNext() {
        board.put(new CatalogueSource(1, 0, "list", "b1"), new MutableCatalogue("list", gpt4o("2.50", "list")));
        ModelPrice future = Prices.model("openai", "gpt-4o").tokens("1.00", "4").version("future", "2030-01-01T00:00:00Z")
                .build();
        board.put(new CatalogueSource(2, 100, "future", "b2"), new MutableCatalogue("future", future));
        assertEquals("list", quote().catalogue());
        assertEquals("future", board.book().quote("openai", "gpt-4o", MILLION_IN,
                Instant.parse("2030-06-01T00:00:00Z")).catalogue());
    }

    @Test
    public void overridesRankAboveEveryCatalogue() {
        board.put(new CatalogueSource(1, 1_000_000, "very-high", "b1"),
                new MutableCatalogue("very-high", gpt4o("2.50", "very-high")));
        board.put(new CatalogueSource(2, Integer.MAX_VALUE, "override:openai/gpt-4o", "pricing"),
                new MutableCatalogue("override:openai/gpt-4o", gpt4o("1.75", "override")));
        assertCost("1.75", quote());
        assertEquals("override:openai/gpt-4o", quote().catalogue());
    }

    @Test
    public void aCatalogueThatThrowsIsRejectedAndItsPreviousPricesStay() {
        MutableCatalogue catalogue = new MutableCatalogue("list", gpt4o("2.50", "list"));
        CatalogueSource source = new CatalogueSource(1, 0, "list", "b1");
        assertTrue(board.put(source, catalogue).applied());

        catalogue.failure = new IllegalStateException("price file vanished");
        CatalogueBoard.Change change = board.put(source, catalogue);
        assertFalse(change.applied());
        assertTrue(change.error(), change.error().contains("price file vanished"));
        assertTrue(change.keptPrevious());
        assertCost("2.50", quote());
    }

    @Test
    public void invalidDataIsRejectedNamingTheEntryAndTheFieldAndChangesNothing() {
        MutableCatalogue catalogue = new MutableCatalogue("list", gpt4o("2.50", "list"));
        CatalogueSource source = new CatalogueSource(1, 0, "list", "b1");
        board.put(source, catalogue);

        ModelPrice a = Prices.model("openai", "gpt-4o").tokens("9", "9").version("dup", "2025-01-01T00:00:00Z").build();
        ModelPrice b = Prices.model("openai", "o3").tokens("9", "9").version("dup", "2025-01-01T00:00:00Z").build();
        catalogue.prices = List.of(a, b);
        CatalogueBoard.Change change = board.put(source, catalogue);
        assertFalse(change.applied());
        assertTrue(change.error(), change.error().contains("entry #2 (openai/o3"));
        assertTrue(change.error(), change.error().contains("field 'versionId'"));
        assertCost("2.50", quote());

        List<ModelPrice> withNull = new ArrayList<>();
        withNull.add(gpt4o("1", "x"));
        withNull.add(null);
        catalogue.prices = withNull;
        assertFalse(board.put(source, catalogue).applied());
        assertCost("2.50", quote());
    }

    @Test
    public void aBadCatalogueOnFirstArrivalContributesNothing() {
        MutableCatalogue broken = new MutableCatalogue("broken");
        broken.failure = new IllegalArgumentException("models[3] (openai/gpt-4o), field 'input': not a number");
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, "broken", "b1"), broken);
        assertFalse(change.applied());
        assertFalse(change.keptPrevious());
        assertEquals(PricingStatus.UNPRICED, quote().status());
        assertEquals(List.of(), board.catalogues());
    }

    @Test
    public void aServiceWithoutACatalogueIdIsRejected() {
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, null, "b1"),
                new MutableCatalogue("x", gpt4o("2.50", "x")));
        assertFalse(change.applied());
        assertTrue(change.error(), change.error().contains(PricingCatalog.CATALOGUE_ID));
    }

    @Test
    public void twoVersionsOfAModelAtTheSameInstantAreRejected() {
        ModelPrice a = Prices.model("openai", "gpt-4o").tokens("1", "1").version("a", "2025-01-01T00:00:00Z").build();
        ModelPrice b = Prices.model("openai", "GPT-4o").tokens("2", "2").version("b", "2025-01-01T00:00:00Z").build();
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, "c", "b1"), new MutableCatalogue("c", a, b));
        assertFalse(change.applied());
        assertTrue(change.error(), change.error().contains("effectiveFrom"));
    }

    @Test
    public void anAliasNamingAnotherModelIsRejected() {
        ModelPrice a = Prices.model("openai", "gpt-4o").tokens("1", "1").alias("o3").version("a", "2025-01-01T00:00:00Z")
                .build();
        ModelPrice b = Prices.model("openai", "o3").tokens("2", "2").version("b", "2025-01-01T00:00:00Z").build();
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, "c", "b1"), new MutableCatalogue("c", a, b));
        assertFalse(change.applied());
        assertTrue(change.error(), change.error().contains("field 'aliases'"));
    }
}
