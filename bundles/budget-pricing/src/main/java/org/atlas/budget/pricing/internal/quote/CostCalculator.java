package org.atlas.budget.pricing.internal.quote;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.CostLine;
import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.ImageUsage;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.index.PricedModel;

/**
 * Turns a usage and a price version into an exact quote.
 *
 * <p>Nothing here rounds: every line is quantity times unit price in {@link BigDecimal}, exact,
 * and the quote's total is their exact sum. Rounding happens once, where money changes hands:
 * {@link Quote#reservedCost()} rounds up, {@link Quote#settledCost()} half-even.
 *
 * <p>A nonzero quantity of a unit the price has no rate for (images on a chat price, tokens on a
 * per-image price, characters without a character rate ...) makes the quote UNPRICED with a
 * reason naming the unit: billing it at $0 would hide spend. Requests are the exception: every
 * call has one, and most models do not charge for it, so they count only where the price has a
 * per-request rate.
 */
public final class CostCalculator {

    private static final String PER_MILLION_TOKENS = "1M tokens";

    /**
     * Prices {@code usage} at {@code priced}; {@code batch} applies the model's batch multiplier.
     *
     * @param provider   the provider asked for, as quotes report it
     * @param askedModel the model id asked for, which an UNPRICED quote reports
     */
    public Quote quote(String provider, String askedModel, PricedModel priced, Usage usage, boolean batch) {
        ModelPrice price = priced.price();
        String missing = missingRate(price, usage);
        if (missing != null) {
            return Quote.unpriced(provider, askedModel, missing);
        }
        // Most quotes have no note: the list is made for the first one.
        List<String> notes = null;
        BigDecimal factor = BigDecimal.ONE;
        if (batch) {
            notes = new ArrayList<>(2);
            if (price.batchMultiplier() != null) {
                factor = price.batchMultiplier();
                notes.add("batch: every rate x" + factor.toPlainString());
            } else {
                notes.add("no batch discount is known for " + price.provider() + "/" + price.model()
                        + "; quoted at the full price");
            }
        }
        Lines lines = new Lines(factor);
        if (price.tokens() != null) {
            notes = addTokenLines(price, usage, lines, notes);
        }
        for (ImageUsage image : usage.images()) {
            ImageRate rate = imageRate(price, image);
            lines.add("image " + image.size() + " " + image.quality(), BigDecimal.valueOf(image.count()), "image",
                    rate.perImage(), 0);
        }
        if (usage.audioSeconds().signum() > 0) {
            lines.add("audio", usage.audioSeconds(), "second", price.perAudioSecond(), 0);
        }
        if (usage.characters() > 0) {
            lines.add("characters", BigDecimal.valueOf(usage.characters()), "1M characters",
                    price.perMillionCharacters(), 6);
        }
        if (usage.requests() > 0 && price.perRequest() != null) {
            lines.add("requests", BigDecimal.valueOf(usage.requests()), "request", price.perRequest(), 0);
        }
        return new Quote(PricingStatus.PRICED, provider, price.model(), lines.total, price.currency(),
                price.versionId(), priced.catalogue(), lines.list(), notes == null ? null : String.join("; ", notes));
    }

    /**
     * The same quote as {@link #quote} without batch, except that its lines may be left out: for
     * callers that read only the total (enforcement prices every call twice). A usage of tokens
     * alone whose figures fit a long is summed in long arithmetic, to the same exact total, and
     * comes without lines; any other usage is quoted in full.
     */
    public Quote total(String provider, String askedModel, PricedModel priced, Usage usage) {
        ModelPrice price = priced.price();
        if (price.tokens() == null || !tokensOnly(price, usage)) {
            return quote(provider, askedModel, priced, usage, false);
        }
        ContextTier tier = price.tierFor(usage.inputTokens());
        BigDecimal total = priced.tokenRates(tier).total(usage);
        if (total == null) {
            return quote(provider, askedModel, priced, usage, false);
        }
        return new Quote(PricingStatus.PRICED, provider, price.model(), total, price.currency(), price.versionId(),
                priced.catalogue(), List.of(), tier == null ? null : tierNote(usage, tier));
    }

    /** Whether the usage bills nothing but tokens at this price (a request counts only where it has a rate). */
    private static boolean tokensOnly(ModelPrice price, Usage usage) {
        return usage.images().isEmpty() && usage.audioSeconds().signum() <= 0 && usage.characters() <= 0
                && (usage.requests() <= 0 || price.perRequest() == null);
    }

    private static String tierNote(Usage usage, ContextTier tier) {
        return "long-context tier: the prompt of " + usage.inputTokens() + " tokens is above "
                + tier.aboveInputTokens() + ", so the whole request is billed at the tier's rates";
    }

    /** Adds the token lines; returns the notes, made if this adds the first. */
    private static List<String> addTokenLines(ModelPrice price, Usage usage, Lines lines, List<String> notes) {
        ContextTier tier = price.tierFor(usage.inputTokens());
        TokenRates rates = price.tokens();
        if (tier != null) {
            rates = tier.rates();
            if (notes == null) {
                notes = new ArrayList<>(1);
            }
            notes.add(tierNote(usage, tier));
        }
        lines.addTokens("input", usage.uncachedInputTokens(), rates.input());
        lines.addTokens("cache_read", usage.cacheReadTokens(), rates.effectiveCacheRead());
        lines.addTokens("cache_write_5m", usage.cacheWrite5mTokens(), rates.effectiveCacheWrite5m());
        lines.addTokens("cache_write_1h", usage.cacheWrite1hTokens(), rates.effectiveCacheWrite1h());
        lines.addTokens("output", usage.visibleOutputTokens(), rates.output());
        lines.addTokens("reasoning", usage.reasoningTokens(), rates.effectiveReasoning());
        return notes;
    }

    /** Why the usage cannot be priced at this version, or {@code null} when it can. */
    static String missingRate(ModelPrice price, Usage usage) {
        if (price.tokens() == null && (usage.inputTokens() > 0 || usage.outputTokens() > 0)) {
            return named(price) + " has no token rates, but the usage has " + usage.inputTokens() + " input and "
                    + usage.outputTokens() + " output tokens";
        }
        if (!usage.images().isEmpty()) {
            if (price.images().isEmpty()) {
                return named(price) + " has no image rates, but the usage has " + usage.imageCount() + " images";
            }
            for (ImageUsage image : usage.images()) {
                if (imageRate(price, image) == null) {
                    return named(price) + " has no image rate for size " + image.size() + " and quality " + image.quality();
                }
            }
        }
        if (usage.audioSeconds().signum() > 0 && price.perAudioSecond() == null) {
            return named(price) + " has no per-second audio rate, but the usage has "
                    + usage.audioSeconds().toPlainString() + " seconds of audio";
        }
        if (usage.characters() > 0 && price.perMillionCharacters() == null) {
            return named(price) + " has no character rate, but the usage has " + usage.characters() + " characters";
        }
        return null;
    }

    /** Built only for a quote that cannot be priced: every quote passes through missingRate. */
    private static String named(ModelPrice price) {
        return price.provider() + "/" + price.model() + " (version " + price.versionId() + ")";
    }

    /** The most specific matching rate: an exact size and quality beats a wildcard. */
    private static ImageRate imageRate(ModelPrice price, ImageUsage image) {
        return price.images().stream().filter(rate -> rate.matches(image))
                .max(Comparator.comparingInt(ImageRate::specificity)).orElse(null);
    }

    /** The lines of one quote and their exact running total. */
    private static final class Lines {
        private final BigDecimal factor;
        // Quote's List.copyOf keeps a List.of list instead of copying it again.
        private CostLine[] lines = new CostLine[4];
        private int count;
        private BigDecimal total = BigDecimal.ZERO;

        Lines(BigDecimal factor) {
            this.factor = factor;
        }

        void addTokens(String component, long tokens, BigDecimal perMillion) {
            if (tokens > 0) {
                add(component, BigDecimal.valueOf(tokens), PER_MILLION_TOKENS, perMillion, 6);
            }
        }

        /**
         * Adds quantity x unit price / 10^unitPowerOfTen, exact. The batch factor is folded into
         * the unit price so that each line still reads quantity x the price actually charged.
         */
        void add(String component, BigDecimal quantity, String unit, BigDecimal unitPrice, int unitPowerOfTen) {
            // x1 is the common case (no batch): the same value, without a new BigDecimal.
            BigDecimal charged = factor == BigDecimal.ONE ? unitPrice : unitPrice.multiply(factor);
            BigDecimal amount = quantity.multiply(charged).movePointLeft(unitPowerOfTen);
            if (count == lines.length) {
                lines = java.util.Arrays.copyOf(lines, count * 2);
            }
            lines[count++] = new CostLine(component, quantity, unit, charged, amount);
            total = count == 1 ? amount : total.add(amount);
        }

        List<CostLine> list() {
            // One or two lines (input and output) is the usual quote: List.of of one or two
            // elements keeps them in fields, where List.of(array) would copy the array.
            return switch (count) {
                case 0 -> List.of();
                case 1 -> List.of(lines[0]);
                case 2 -> List.of(lines[0], lines[1]);
                default -> List.of(java.util.Arrays.copyOf(lines, count));
            };
        }
    }
}
