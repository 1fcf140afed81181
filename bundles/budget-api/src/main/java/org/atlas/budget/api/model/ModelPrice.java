package org.atlas.budget.api.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One effective-dated price version of one model.
 *
 * <p>A model may have several versions; the one in force at an instant is the one with the latest
 * {@code effectiveFrom} not after it. Each version has an id that records store, so a record
 * always says which price it was charged at.
 *
 * @param provider         provider id, lower case
 * @param model            the canonical model id
 * @param aliases          other ids that resolve to this model (dated snapshots, provider-prefixed ids)
 * @param mode             the operation the model serves (chat, embedding, image generation ...)
 * @param versionId        the price version id, unique within its catalogue
 * @param effectiveFrom    when this version takes effect
 * @param currency         the currency of every rate
 * @param tokens           token rates, or {@code null} for models not priced by token
 * @param tiers            long-context tiers, sorted by threshold
 * @param images           per-image rates
 * @param perAudioSecond   per second of audio, or {@code null}
 * @param perMillionCharacters per 1M characters, or {@code null}
 * @param perRequest       per request, or {@code null}
 * @param batchMultiplier  the factor batch calls are billed at (e.g. 0.5), or {@code null}
 * @param capabilities     what the model can do (e.g. {@code vision}, {@code tools}, {@code reasoning}),
 *                         used to find cheaper alternatives of the same kind
 * @param deprecationDate  when the provider retires the model, or {@code null}
 * @param source           where the figures come from (a public price page)
 */
public record ModelPrice(String provider, String model, Set<String> aliases, Operation mode, String versionId,
        Instant effectiveFrom, java.util.Currency currency, TokenRates tokens, List<ContextTier> tiers,
        List<ImageRate> images, BigDecimal perAudioSecond, BigDecimal perMillionCharacters, BigDecimal perRequest,
        BigDecimal batchMultiplier, Set<String> capabilities, LocalDate deprecationDate, String source) {

    public ModelPrice {
        provider = Checks.provider(provider, "provider");
        model = Checks.text(model, "model", 200);
        TreeSet<String> aliasSet = new TreeSet<>();
        for (String alias : aliases == null ? Set.<String>of() : aliases) {
            aliasSet.add(Checks.text(alias, "aliases", 200));
        }
        aliases = java.util.Collections.unmodifiableSortedSet(aliasSet);
        Checks.required(mode, "mode");
        versionId = Checks.text(versionId, "versionId", 200);
        Checks.required(effectiveFrom, "effectiveFrom");
        Checks.required(currency, "currency");
        tiers = tiers == null ? List.of() : tiers.stream()
                .sorted(Comparator.comparingLong(ContextTier::aboveInputTokens)).toList();
        if (!tiers.isEmpty() && tokens == null) {
            throw new IllegalArgumentException(model + ": context tiers need token rates");
        }
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).aboveInputTokens() == tiers.get(i - 1).aboveInputTokens()) {
                throw new IllegalArgumentException(model + ": two tiers share the threshold "
                        + tiers.get(i).aboveInputTokens());
            }
        }
        images = List.copyOf(images == null ? List.of() : images);
        if (perAudioSecond != null) {
            Checks.nonNegative(perAudioSecond, "perAudioSecond");
        }
        if (perMillionCharacters != null) {
            Checks.nonNegative(perMillionCharacters, "perMillionCharacters");
        }
        if (perRequest != null) {
            Checks.nonNegative(perRequest, "perRequest");
        }
        if (batchMultiplier != null && (batchMultiplier.signum() <= 0 || batchMultiplier.compareTo(BigDecimal.ONE) > 0)) {
            throw new IllegalArgumentException(model + ": batchMultiplier must be in (0, 1], was " + batchMultiplier);
        }
        if (tokens == null && images.isEmpty() && perAudioSecond == null && perMillionCharacters == null
                && perRequest == null) {
            throw new IllegalArgumentException(model + ": a price needs at least one rate");
        }
        TreeSet<String> caps = new TreeSet<>();
        for (String cap : capabilities == null ? Set.<String>of() : capabilities) {
            caps.add(Checks.text(cap, "capabilities", 64).toLowerCase(Locale.ROOT));
        }
        capabilities = java.util.Collections.unmodifiableSortedSet(caps);
        source = Checks.optionalText(source, "source", 1000);
    }

    /** The tier that applies to a prompt of {@code inputTokens}, or {@code null} for the base rates. */
    public ContextTier tierFor(long inputTokens) {
        ContextTier applied = null;
        // By index: every quote asks, and the iterator of an immutable list was an allocation each time.
        for (int i = 0; i < tiers.size(); i++) {
            if (inputTokens > tiers.get(i).aboveInputTokens()) {
                applied = tiers.get(i);
            }
        }
        return applied;
    }
}
