package org.atlas.budget.pricing.internal;

import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;

/**
 * Every price question answered from one {@link CatalogueBoard}: what the registry component
 * does in Karaf, and what tests and benchmarks use outside it. Imports need the component's
 * storage and are refused here.
 */
public class BoardPricing implements PricingRegistry {

    protected final CatalogueBoard board;
    protected final Clock clock;

    public BoardPricing(CatalogueBoard board, Clock clock) {
        this.board = Objects.requireNonNull(board, "board");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Quote quote(String provider, String model, Usage usage, Instant at) {
        return board.book().quote(provider, model, usage, at);
    }

    @Override
    public Quote quoteTotal(String provider, String model, Usage usage, Instant at) {
        return board.book().quoteTotal(provider, model, usage, at);
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
        return board.book().models(clock.instant());
    }

    @Override
    public List<Alternative> cheaperAlternatives(String provider, String model, Usage usage, Operation mode,
            boolean sameProvider, Instant at) {
        return board.book().cheaperAlternatives(provider, model, usage, mode, sameProvider, at);
    }

    @Override
    public ImportReport importPrices(String format, String catalogueId, Reader source) {
        throw new UnsupportedOperationException("imports are kept by the PricingRegistry component in Karaf");
    }
}
