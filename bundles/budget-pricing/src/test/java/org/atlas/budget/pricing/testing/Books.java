package org.atlas.budget.pricing.testing;

import java.util.List;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.pricing.internal.index.PriceIndex;
import org.atlas.budget.pricing.internal.index.RankedCatalogue;
import org.atlas.budget.pricing.internal.quote.PriceBook;

/** Price books over one catalogue, for tests of quoting rather than of precedence. */
public final class Books {

    public static final String CATALOGUE = "test-catalogue";

    private Books() {
    }

    public static PriceBook of(ModelPrice... prices) {
        return new PriceBook(PriceIndex.build(List.of(new RankedCatalogue(CATALOGUE, 0, 1, "test", List.of(prices)))));
    }

    public static PriceBook of(RankedCatalogue... catalogues) {
        return new PriceBook(PriceIndex.build(List.of(catalogues)));
    }
}
