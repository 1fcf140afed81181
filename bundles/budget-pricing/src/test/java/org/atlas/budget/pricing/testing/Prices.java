package org.atlas.budget.pricing.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;

/** Readable construction of price versions for tests: every figure a decimal string. */
public final class Prices {

    public static final Currency USD = Currency.getInstance("USD");
    public static final Instant EPOCH = Instant.EPOCH;

    private final String provider;
    private final String model;
    private final Set<String> aliases = new LinkedHashSet<>();
    private Operation mode = Operation.CHAT;
    private String versionId;
    private Instant effectiveFrom = EPOCH;
    private TokenRates tokens;
    private final List<ContextTier> tiers = new ArrayList<>();
    private final List<ImageRate> images = new ArrayList<>();
    private BigDecimal perAudioSecond;
    private BigDecimal perMillionCharacters;
    private BigDecimal perRequest;
    private BigDecimal batchMultiplier;
    private final Set<String> capabilities = new LinkedHashSet<>();
    private Currency currency = USD;

    private Prices(String provider, String model) {
        this.provider = provider;
        this.model = model;
        this.versionId = provider + "/" + model + "@test";
    }

    public static Prices model(String provider, String model) {
        return new Prices(provider, model);
    }

    public Prices tokens(String input, String output) {
        tokens = TokenRates.of(input, output);
        return this;
    }

    /** All six token rates; {@code null} leaves one to its default. */
    public Prices tokens(String input, String output, String cacheRead, String cacheWrite5m, String cacheWrite1h,
            String reasoning) {
        tokens = rates(input, output, cacheRead, cacheWrite5m, cacheWrite1h, reasoning);
        return this;
    }

    public Prices tier(long above, String input, String output) {
        tiers.add(new ContextTier(above, TokenRates.of(input, output)));
        return this;
    }

    public Prices tier(long above, String input, String output, String cacheRead) {
        tiers.add(new ContextTier(above, rates(input, output, cacheRead, null, null, null)));
        return this;
    }

    public Prices tier(long above, TokenRates rates) {
        tiers.add(new ContextTier(above, rates));
        return this;
    }

    public Prices image(String size, String quality, String perImage) {
        images.add(new ImageRate(size, quality, new BigDecimal(perImage)));
        return this;
    }

    public Prices perAudioSecond(String value) {
        perAudioSecond = new BigDecimal(value);
        return this;
    }

    public Prices perMillionCharacters(String value) {
        perMillionCharacters = new BigDecimal(value);
        return this;
    }

    public Prices perRequest(String value) {
        perRequest = new BigDecimal(value);
        return this;
    }

    public Prices batch(String multiplier) {
        batchMultiplier = new BigDecimal(multiplier);
        return this;
    }

    public Prices mode(Operation value) {
        mode = value;
        return this;
    }

    public Prices alias(String... values) {
        aliases.addAll(List.of(values));
        return this;
    }

    public Prices capabilities(String... values) {
        capabilities.addAll(List.of(values));
        return this;
    }

    public Prices version(String id, String from) {
        versionId = id;
        effectiveFrom = Instant.parse(from);
        return this;
    }

    public Prices currency(String code) {
        currency = Currency.getInstance(code);
        return this;
    }

    public ModelPrice build() {
        return new ModelPrice(provider, model, aliases, mode, versionId, effectiveFrom, currency, tokens, tiers,
                images, perAudioSecond, perMillionCharacters, perRequest, batchMultiplier, capabilities, null,
                "test");
    }

    private static TokenRates rates(String input, String output, String cacheRead, String cacheWrite5m,
            String cacheWrite1h, String reasoning) {
        return new TokenRates(new BigDecimal(input), new BigDecimal(output), decimal(cacheRead),
                decimal(cacheWrite5m), decimal(cacheWrite1h), decimal(reasoning));
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
