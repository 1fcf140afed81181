package org.atlas.budget.pricing.internal.quote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;

import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.testing.Books;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.Test;

/** Cheaper alternatives: same mode, at least the same capabilities, priced, strictly cheaper, cheapest first. */
public class CheaperAlternativesTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    /** 1M input and 1M output tokens: the cost is input rate + output rate. */
    private static final Usage MILLION_EACH = Usage.builder().inputTokens(1_000_000).outputTokens(1_000_000).build();

    private final PriceBook book = Books.of(
            Prices.model("openai", "gpt-4o").tokens("2.50", "10").capabilities("vision", "tools").build(),
            Prices.model("openai", "gpt-4o-mini").tokens("0.15", "0.60").capabilities("vision", "tools").build(),
            Prices.model("openai", "gpt-4.1-mini").tokens("0.40", "1.60")
                    .capabilities("vision", "function-calling", "web-search").build(),
            Prices.model("openai", "gpt-3.5-turbo").tokens("0.50", "1.50").capabilities("tools").build(),
            Prices.model("openai", "o3").tokens("2.00", "8.00").capabilities("vision", "tools", "reasoning").build(),
            Prices.model("google", "gemini-2.5-flash").tokens("0.30", "2.50").capabilities("vision", "tools").build(),
            Prices.model("anthropic", "claude-opus-4").tokens("15", "75").capabilities("vision", "tools").build(),
            Prices.model("openai", "text-embedding-3-small").mode(Operation.EMBEDDING).tokens("0.02", "0").build(),
            Prices.model("mistral", "mistral-tiny").tokens("0.10", "0.10").capabilities("vision", "tools")
                    .currency("EUR").build());

    @Test
    public void cheaperModelsOfTheSameModeAndCapabilitiesCheapestFirst() {
        // gpt-4o costs $2.50 + $10 = $12.50 for this usage. Candidates with vision and tools:
        //   gpt-4o-mini       $0.15 + $0.60 = $0.75   saving $11.75
        //   gpt-4.1-mini      $0.40 + $1.60 = $2.00   saving $10.50 (function-calling is tools)
        //   gemini-2.5-flash  $0.30 + $2.50 = $2.80   saving  $9.70
        //   o3                $2.00 + $8.00 = $10.00  saving  $2.50 (more capabilities is fine)
        // Not: gpt-3.5-turbo (no vision), claude-opus-4 (dearer), the embedding (other mode),
        // mistral-tiny (priced in EUR: not comparable), gpt-4o itself.
        List<Alternative> alternatives = book.cheaperAlternatives("openai", "gpt-4o", MILLION_EACH, Operation.CHAT,
                false, NOW);
        assertEquals(List.of("gpt-4o-mini", "gpt-4.1-mini", "gemini-2.5-flash", "o3"),
                alternatives.stream().map(Alternative::model).toList());
        assertEquals(Money.of("11.75", "USD"), alternatives.get(0).saving());
        assertEquals(Money.of("2.50", "USD"), alternatives.get(3).saving());
    }

    @Test
    public void sameProviderOnlyKeepsTheOriginalsProvider() {
        List<Alternative> alternatives = book.cheaperAlternatives("openai", "gpt-4o", MILLION_EACH, null, true, NOW);
        assertEquals(List.of("gpt-4o-mini", "gpt-4.1-mini", "o3"), alternatives.stream().map(Alternative::model).toList());
        assertTrue(alternatives.stream().allMatch(a -> a.provider().equals("openai")));
    }

    @Test
    public void nothingIsCheaperThanTheCheapestNorThanAnUnpricedModel() {
        assertEquals(List.of(), book.cheaperAlternatives("openai", "gpt-4o-mini", MILLION_EACH, null, false, NOW));
        assertEquals(List.of(), book.cheaperAlternatives("openai", "gpt-9", MILLION_EACH, null, false, NOW));
    }

    @Test
    public void candidatesThatCannotPriceTheUsageAreLeftOut() {
        // Images on a chat call: no chat model here has image rates, so none can be quoted.
        Usage withImages = Usage.builder().inputTokens(1_000).image(1, "1024x1024", "hd").build();
        assertEquals(List.of(), book.cheaperAlternatives("openai", "gpt-4o", withImages, null, false, NOW));
    }
}
