package org.atlas.budget.tracking.testing;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.atlas.budget.pricing.internal.BoardPricing;
import org.atlas.budget.pricing.internal.CatalogueBoard;
import org.atlas.budget.pricing.internal.CatalogueSource;
import org.atlas.budget.pricing.internal.StaticCatalogue;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;

/** The real pricing code over the real shipped list-price catalogue, outside OSGi. */
public final class ListPrices extends BoardPricing {

    public ListPrices() {
        super(new CatalogueBoard(), Clock.systemUTC());
        String resource = "/catalogue/atlas-list-prices.json";
        try (Reader reader = new InputStreamReader(ListPrices.class.getResourceAsStream(resource),
                StandardCharsets.UTF_8)) {
            CatalogueFile file = CatalogueFileReader.read(reader, resource);
            CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, file.id(), "test"),
                    new StaticCatalogue(file.id(), file.prices()));
            if (!change.applied()) {
                throw new IllegalStateException(change.error());
            }
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
