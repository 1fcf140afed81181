package org.atlas.budget.api;

import java.io.Reader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every price in force: the catalogues registered as {@link org.atlas.budget.api.spi.PricingCatalog}
 * services (highest ranking wins), with operator overrides above them.
 *
 * <p>Model ids resolve exactly, by explicit alias, or with a provider prefix
 * ({@code openai/gpt-4o}); never by guessing a prefix. An unknown model is unpriced, never free.
 */
@ProviderType
public interface PricingRegistry {

    /** The price of {@code usage} at the price version in force at {@code at}. */
    Quote quote(String provider, String model, Usage usage, Instant at);

    /**
     * The price of {@code usage} as {@link #quote} answers it (the same status, exact cost,
     * currency, price version, catalogue and reason), except that the lines that make the cost
     * up may be left out: {@link Quote#lines()} may be empty. For callers that read only the
     * total, as enforcement does twice on every call; the registry then need not build them.
     * The default is {@link #quote} itself.
     *
     * @since 1.1
     */
    default Quote quoteTotal(String provider, String model, Usage usage, Instant at) {
        return quote(provider, model, usage, at);
    }

    /** The price of a batch call, where the model has a batch multiplier. */
    Quote quoteBatch(String provider, String model, Usage usage, Instant at);

    /** The price version in force at {@code at}, if the model is known. */
    Optional<ModelPrice> price(String provider, String model, Instant at);

    /** Every model priced now, one entry per model (the winning catalogue's current version). */
    List<ModelPrice> models();

    /**
     * Models of the same mode with at least the same capabilities that would cost less for
     * {@code usage}, cheapest first.
     *
     * @param sameProvider only look among the original's provider
     */
    List<Alternative> cheaperAlternatives(String provider, String model, Usage usage, Operation mode,
            boolean sameProvider, Instant at);

    /**
     * Imports a price file into a catalogue of the given id, replacing an earlier import of the
     * same id. Nothing changes when the file cannot be read at all.
     *
     * @param format the file format; {@code litellm} for LiteLLM's
     *               {@code model_prices_and_context_window.json}
     */
    ImportReport importPrices(String format, String catalogueId, Reader source);
}
