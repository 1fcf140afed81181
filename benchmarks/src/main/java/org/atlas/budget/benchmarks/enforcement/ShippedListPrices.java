package org.atlas.budget.benchmarks.enforcement;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.pricing.internal.BoardPricing;
import org.atlas.budget.pricing.internal.CatalogueBoard;
import org.atlas.budget.pricing.internal.CatalogueSource;
import org.atlas.budget.pricing.internal.StaticCatalogue;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;

/**
 * The real pricing code as a {@link PricingRegistry} outside OSGi: a {@link CatalogueBoard}
 * holding the shipped list-price catalogue ({@value #CATALOGUE} from the budget-pricing-catalog
 * jar, read by the extender's {@link CatalogueFileReader}). Every quote goes through
 * {@code board.book()}, exactly as {@code PricingRegistryImpl} does in Karaf; imports are not
 * part of any benchmark and are refused.
 */
public final class ShippedListPrices extends BoardPricing {

    static final String CATALOGUE = "catalogue/atlas-list-prices.json";

    public ShippedListPrices() {
        super(new CatalogueBoard(), Clock.systemUTC());
        CatalogueFile file = readShippedCatalogue();
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, file.id(), "benchmark"),
                new StaticCatalogue(file.id(), file.prices()));
        if (!change.applied()) {
            throw new IllegalStateException("the shipped catalogue was rejected: " + change.error());
        }
    }

    private static CatalogueFile readShippedCatalogue() {
        InputStream in = ShippedListPrices.class.getClassLoader().getResourceAsStream(CATALOGUE);
        if (in == null) {
            throw new IllegalStateException(CATALOGUE + " is not on the class path (budget-pricing-catalog jar)");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return CatalogueFileReader.read(reader, CATALOGUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
