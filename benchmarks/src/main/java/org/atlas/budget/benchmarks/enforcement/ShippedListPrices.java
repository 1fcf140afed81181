package org.atlas.budget.benchmarks.enforcement;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
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
public final class ShippedListPrices implements PricingRegistry {

    static final String CATALOGUE = "catalogue/atlas-list-prices.json";

    private final CatalogueBoard board = new CatalogueBoard();

    public ShippedListPrices() {
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

    @Override
    public Quote quote(String provider, String model, Usage usage, Instant at) {
        return board.book().quote(provider, model, usage, at);
    }

    @Override
    public Quote quoteBatch(String provider, String model, Usage usage, Instant at) {
        return board.book().quoteBatch(provider, model, usage, at);
    }

    @Override
    public Optional<ModelPrice> price(String provider, String model, Instant at) {
        return board.book().price(provider, model, at);
    }

    @Override
    public List<ModelPrice> models() {
        return board.book().models(Instant.now());
    }

    @Override
    public List<Alternative> cheaperAlternatives(String provider, String model, Usage usage, Operation mode,
            boolean sameProvider, Instant at) {
        return board.book().cheaperAlternatives(provider, model, usage, mode, sameProvider, at);
    }

    @Override
    public ImportReport importPrices(String format, String catalogueId, Reader source) {
        throw new UnsupportedOperationException("imports are not benchmarked");
    }
}
