package org.atlas.budget.pricing.internal.quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.index.ModelKey;
import org.atlas.budget.pricing.internal.index.PriceIndex;
import org.atlas.budget.pricing.internal.index.PricedModel;

/**
 * The read side of the pricing registry over one immutable {@link PriceIndex}: quotes, price
 * look-ups, the model list and cheaper alternatives.
 *
 * <p>A pure function of its index and its arguments. The same question at the same instant
 * always gets the same answer, which is what lets a usage record keep the price version it was
 * charged at while catalogues come and go (guarantee 7).
 */
public final class PriceBook {

    /** Knows no price: every quote is UNPRICED. */
    public static final PriceBook EMPTY = new PriceBook(PriceIndex.EMPTY);

    private final PriceIndex index;
    private final CostCalculator calculator = new CostCalculator();

    public PriceBook(PriceIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    public Quote quote(String provider, String model, Usage usage, Instant at) {
        return quote(provider, model, usage, at, false);
    }

    public Quote quoteBatch(String provider, String model, Usage usage, Instant at) {
        return quote(provider, model, usage, at, true);
    }

    /** {@link #quote}, with the lines left out where that is cheaper (see {@link CostCalculator#total}). */
    public Quote quoteTotal(String provider, String model, Usage usage, Instant at) {
        requireArguments(provider, model, at);
        Objects.requireNonNull(usage, "usage");
        PriceIndex.Resolution resolution = index.resolution(provider, model);
        PricedModel priced = resolution.known() ? index.pricedAt(resolution, at) : null;
        return priced == null ? unpriced(provider, model, resolution, at)
                : calculator.total(provider, model, priced, usage);
    }

    private Quote quote(String provider, String model, Usage usage, Instant at, boolean batch) {
        requireArguments(provider, model, at);
        Objects.requireNonNull(usage, "usage");
        PriceIndex.Resolution resolution = index.resolution(provider, model);
        PricedModel priced = resolution.known() ? index.pricedAt(resolution, at) : null;
        return priced == null ? unpriced(provider, model, resolution, at)
                : calculator.quote(provider, model, priced, usage, batch);
    }

    /** The quote of a model no catalogue knows, or knows only at other times. */
    private Quote unpriced(String provider, String model, PriceIndex.Resolution resolution, Instant at) {
        if (!resolution.known()) {
            return Quote.unpriced(provider, model, "no catalogue prices " + provider + "/" + model
                    + " (looked up exactly, by alias and without a provider prefix; never by a partial name)");
        }
        return Quote.unpriced(provider, model, notInForce(resolution.key(), at));
    }

    private String notInForce(ModelKey key, Instant at) {
        String first = index.firstVersion(key)
                .map(p -> "; the earliest version, " + p.price().versionId() + " of catalogue " + p.catalogue()
                        + ", takes effect at " + p.price().effectiveFrom())
                .orElse("");
        return "no price of " + key + " is in force at " + at + first;
    }

    public Optional<ModelPrice> price(String provider, String model, Instant at) {
        requireArguments(provider, model, at);
        return index.resolve(provider, model).flatMap(key -> index.priceAt(key, at)).map(PricedModel::price);
    }

    /** One entry per model: the winning catalogue's version in force at {@code now}, sorted. */
    public List<ModelPrice> models(Instant now) {
        List<ModelPrice> result = new ArrayList<>();
        for (ModelKey key : index.models()) {
            index.priceAt(key, now).ifPresent(priced -> result.add(priced.price()));
        }
        result.sort(Comparator.comparing(ModelPrice::provider)
                .thenComparing(price -> price.model().toLowerCase(Locale.ROOT)));
        return result;
    }

    /**
     * Models of the same mode, able to do at least what the original does, that are priced for
     * {@code usage} and cost strictly less; cheapest first. Nothing when the original is unpriced
     * (there is nothing to be cheaper than). A difference that rounds to no saving at
     * {@link Money#SCALE} places ({@link Money#SETTLE_ROUNDING}) is not a saving and is left out.
     */
    public List<Alternative> cheaperAlternatives(String provider, String model, Usage usage, Operation mode,
            boolean sameProvider, Instant at) {
        requireArguments(provider, model, at);
        Objects.requireNonNull(usage, "usage");
        Optional<ModelKey> originalKey = index.resolve(provider, model);
        Optional<PricedModel> original = originalKey.flatMap(key -> index.priceAt(key, at));
        if (original.isEmpty()) {
            return List.of();
        }
        ModelPrice originalPrice = original.get().price();
        Quote originalQuote = calculator.quote(provider, model, original.get(), usage, false);
        if (!originalQuote.isPriced()) {
            return List.of();
        }
        Operation wanted = mode != null ? mode : originalPrice.mode();
        List<Alternative> result = new ArrayList<>();
        for (ModelKey key : index.models()) {
            if (key.equals(originalKey.get())) {
                continue;
            }
            index.priceAt(key, at)
                    .filter(candidate -> candidate.price().mode() == wanted)
                    .filter(candidate -> !sameProvider || candidate.price().provider().equals(originalPrice.provider()))
                    .filter(candidate -> candidate.price().currency().equals(originalPrice.currency()))
                    .filter(candidate -> Capabilities.covers(candidate.price().capabilities(),
                            originalPrice.capabilities()))
                    .flatMap(candidate -> alternative(candidate, usage, originalQuote))
                    .ifPresent(result::add);
        }
        result.sort(Comparator.comparing((Alternative a) -> a.quote().exactCost())
                .thenComparing(Alternative::provider).thenComparing(Alternative::model));
        return List.copyOf(result);
    }

    private Optional<Alternative> alternative(PricedModel candidate, Usage usage, Quote original) {
        ModelPrice price = candidate.price();
        Quote quote = calculator.quote(price.provider(), price.model(), candidate, usage, false);
        if (!quote.isPriced()) {
            return Optional.empty();
        }
        BigDecimal difference = original.exactCost().subtract(quote.exactCost());
        Money saving = Money.of(difference, quote.currency(), Money.SETTLE_ROUNDING);
        if (difference.signum() <= 0 || saving.isZero()) {
            return Optional.empty();
        }
        return Optional.of(new Alternative(price.provider(), price.model(), quote, saving));
    }

    private static void requireArguments(String provider, String model, Instant at) {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("provider is required");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        Objects.requireNonNull(at, "at");
    }
}
