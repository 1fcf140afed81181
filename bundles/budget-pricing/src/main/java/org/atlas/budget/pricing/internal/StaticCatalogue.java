package org.atlas.budget.pricing.internal;

import java.util.List;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.spi.PricingCatalog;

/**
 * A catalogue whose prices were read and validated once, from a catalogue bundle's file or an
 * import; registering it as a service hands it to the registry like any other catalogue.
 */
public final class StaticCatalogue implements PricingCatalog {

    private final String id;
    private final List<ModelPrice> prices;

    public StaticCatalogue(String id, List<ModelPrice> prices) {
        this.id = id;
        this.prices = List.copyOf(prices);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ModelPrice> prices() {
        return prices;
    }

    @Override
    public String toString() {
        return "catalogue " + id + " (" + prices.size() + " price versions)";
    }
}
