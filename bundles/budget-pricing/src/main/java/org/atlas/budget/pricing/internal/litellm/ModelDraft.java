package org.atlas.budget.pricing.internal.litellm;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;

/**
 * A model being assembled from one LiteLLM entry and the image-size entries that belong to it.
 * Mutable because LiteLLM spreads one model over several keys; it becomes an immutable
 * {@link ModelPrice} (and meets that record's checks) only once everything is gathered.
 */
final class ModelDraft {

    final String key;
    final String provider;
    final String model;
    final boolean prefixed;
    final Set<String> aliases = new LinkedHashSet<>();
    final Operation mode;
    TokenRates tokens;
    final List<ContextTier> tiers = new ArrayList<>();
    final List<ImageRate> images = new ArrayList<>();
    BigDecimal perAudioSecond;
    BigDecimal perMillionCharacters;
    BigDecimal perRequest;
    BigDecimal batchMultiplier;
    final Set<String> capabilities = new LinkedHashSet<>();
    LocalDate deprecationDate;
    String source;

    ModelDraft(String key, String provider, String model, String alias, Operation mode) {
        this.key = key;
        this.provider = provider;
        this.model = model;
        this.prefixed = alias != null;
        if (alias != null) {
            aliases.add(alias);
        }
        this.mode = mode;
    }

    boolean hasAnyRate() {
        return tokens != null || !images.isEmpty() || perAudioSecond != null || perMillionCharacters != null
                || perRequest != null;
    }

    /** Whether an image rate for exactly this size and quality is already known. */
    boolean hasImageRate(ImageRate rate) {
        return images.stream().anyMatch(r -> r.size().equals(rate.size()) && r.quality().equals(rate.quality()));
    }

    /** Whether two entries price the model the same way (the duplicate keys LiteLLM keeps). */
    boolean samePricesAs(ModelDraft other) {
        return mode == other.mode && Objects.equals(tokens, other.tokens) && tiers.equals(other.tiers)
                && images.equals(other.images) && Objects.equals(perAudioSecond, other.perAudioSecond)
                && Objects.equals(perMillionCharacters, other.perMillionCharacters)
                && Objects.equals(perRequest, other.perRequest)
                && Objects.equals(batchMultiplier, other.batchMultiplier);
    }

    /** @throws IllegalArgumentException from the record's checks, naming the field */
    ModelPrice build(String versionId, Instant effectiveFrom, Currency currency) {
        return new ModelPrice(provider, model, aliases, mode, versionId, effectiveFrom, currency, tokens, tiers,
                images, perAudioSecond, perMillionCharacters, perRequest, batchMultiplier, capabilities,
                deprecationDate, source);
    }
}
