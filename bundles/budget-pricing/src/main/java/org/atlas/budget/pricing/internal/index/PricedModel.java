package org.atlas.budget.pricing.internal.index;

import java.util.List;
import java.util.Objects;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.ModelPrice;

/**
 * The price version that applies, and the catalogue that supplied it (quotes name both), with
 * its token rates in long form ({@link LongTokenRates}), made once when the index is built. A
 * value: equal when the catalogue and the price are.
 */
public final class PricedModel {

    private final String catalogue;
    private final ModelPrice price;
    /** {@code null} when the price has no token rates. */
    private final LongTokenRates tokenRates;
    /** The long form of each of {@code price.tiers()}, in the same order. */
    private final List<LongTokenRates> tierRates;

    /**
     * @param catalogue the catalogue id
     * @param price     the version in force
     */
    public PricedModel(String catalogue, ModelPrice price) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.price = Objects.requireNonNull(price, "price");
        this.tokenRates = LongTokenRates.of(price.tokens());
        this.tierRates = price.tiers().stream().map(tier -> LongTokenRates.of(tier.rates())).toList();
    }

    public String catalogue() {
        return catalogue;
    }

    public ModelPrice price() {
        return price;
    }

    /**
     * The long form of the rates a call is billed at: those of {@code tier} (one of the price's
     * tiers, as {@link ModelPrice#tierFor} answers it), or the base rates when it is {@code null}.
     */
    public LongTokenRates tokenRates(ContextTier tier) {
        if (tier == null) {
            return tokenRates;
        }
        List<ContextTier> tiers = price.tiers();
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i) == tier) {
                return tierRates.get(i);
            }
        }
        // Not a tier of this price (tierFor answers only its own): made on the spot.
        return LongTokenRates.of(tier.rates());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PricedModel that && catalogue.equals(that.catalogue) && price.equals(that.price);
    }

    @Override
    public int hashCode() {
        return 31 * catalogue.hashCode() + price.hashCode();
    }

    @Override
    public String toString() {
        return "PricedModel[catalogue=" + catalogue + ", price=" + price + "]";
    }
}
