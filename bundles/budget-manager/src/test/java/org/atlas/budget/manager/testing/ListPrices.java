package org.atlas.budget.manager.testing;

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
import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.internal.CatalogueBoard;
import org.atlas.budget.pricing.internal.CatalogueSource;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;

/**
 * The real pricing code over the real shipped list-price catalogue, as a PricingRegistry
 * outside OSGi. Extra catalogues can be added with a higher ranking.
 */
public final class ListPrices implements PricingRegistry {

    private final CatalogueBoard board = new CatalogueBoard();
    private long serviceIds = 1;

    public ListPrices() {
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
                new PricingCatalog() {
                    @Override
                    public String id() {
                        return id;
                    }

                    @Override
                    public List<ModelPrice> prices() {
                        return prices;
                    }
                });
        if (!change.applied()) {
            throw new IllegalStateException(change.error());
        }
        return this;
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
        throw new UnsupportedOperationException("imports are not part of the enforcement tests");
    }
}
