package org.atlas.budget.manager.testing;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.pricing.internal.BoardPricing;
import org.atlas.budget.pricing.internal.CatalogueBoard;
import org.atlas.budget.pricing.internal.CatalogueSource;
import org.atlas.budget.pricing.internal.StaticCatalogue;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;

/**
 * The real pricing code over the real shipped list-price catalogue, as a PricingRegistry
 * outside OSGi. Extra catalogues can be added with a higher ranking.
 */
public final class ListPrices extends BoardPricing {

    private long serviceIds = 1;

    public ListPrices() {
        super(new CatalogueBoard(), Clock.systemUTC());
        CatalogueFile file = read("/catalogue/atlas-list-prices.json");
        add(file.id(), 0, file.prices());
    }

    private static CatalogueFile read(String resource) {
        try (Reader reader = new InputStreamReader(ListPrices.class.getResourceAsStream(resource),
                StandardCharsets.UTF_8)) {
            return CatalogueFileReader.read(reader, resource);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a catalogue above the list prices. */
    public ListPrices add(String id, int ranking, List<ModelPrice> prices) {
        CatalogueBoard.Change change = board.put(new CatalogueSource(serviceIds++, ranking, id, "test"),
                new StaticCatalogue(id, prices));
        if (!change.applied()) {
            throw new IllegalStateException(change.error());
        }
        return this;
    }
}
