package org.atlas.budget.pricing.internal.json;

import java.util.Currency;
import java.util.List;

import org.atlas.budget.api.model.ModelPrice;

/**
 * The content of one catalogue file (docs/catalogue-format.md): its id, its currency and every
 * price version, flattened and validated.
 *
 * @param id       the catalogue id ({@code "catalogue"})
 * @param currency the file's currency; every version carries it
 * @param prices   every version of every model, in file order
 */
public record CatalogueFile(String id, Currency currency, List<ModelPrice> prices) {

    public CatalogueFile {
        prices = List.copyOf(prices);
    }
}
