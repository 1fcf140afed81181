package org.atlas.budget.pricing.internal.override;

import java.util.List;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.spi.PricingCatalog;

/**
 * The one-price catalogue of an override. Its price is replaced in place when the configuration
 * changes, then the service properties are touched so the registry reads it again; a volatile
 * field is enough because the registry reads it only after that notification.
 */
final class OverrideCatalogue implements PricingCatalog {

    private volatile ModelPrice price;

    OverrideCatalogue(ModelPrice price) {
        this.price = price;
    }

    void set(ModelPrice newPrice) {
        price = newPrice;
    }

    ModelPrice price() {
        return price;
    }

    @Override
    public String id() {
        return OverridePrices.catalogueId(price);
    }

    @Override
    public List<ModelPrice> prices() {
        return List.of(price);
    }
}
