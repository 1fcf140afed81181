package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Set;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.pricing.internal.BoardPricing;
import org.atlas.budget.pricing.internal.CatalogueBoard;
import org.atlas.budget.pricing.internal.CatalogueSource;
import org.atlas.budget.pricing.internal.StaticCatalogue;

/**
 * The real pricing code over a small test catalogue with round prices per 1M tokens, so the
 * savings of the worked examples can be checked by hand.
 */
final class TestPricing extends BoardPricing {

    TestPricing() {
        super(new CatalogueBoard(), Clock.systemUTC());
        List<ModelPrice> prices = List.of(
                price("gpt-big", "10", "30", "5", null),
                price("gpt-small", "1", "3", "0.5", null),
                price("gpt-old", "2", "6", null, LocalDate.parse("2026-12-15")));
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, "test", "test"),
                new StaticCatalogue("test", prices));
        if (!change.applied()) {
            throw new IllegalStateException(change.error());
        }
    }

    private static ModelPrice price(String model, String input, String output, String cacheRead,
            LocalDate deprecation) {
        TokenRates rates = new TokenRates(new BigDecimal(input), new BigDecimal(output),
                cacheRead == null ? null : new BigDecimal(cacheRead), null, null, null);
        return new ModelPrice("openai", model, Set.of(), Operation.CHAT, model + "-v1",
                Instant.parse("2026-01-01T00:00:00Z"), Currency.getInstance("USD"), rates, List.of(), List.of(), null,
                null, null, null, Set.of("tools"), deprecation, null);
    }
}
