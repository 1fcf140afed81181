package org.atlas.budget.pricing.internal.litellm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;

/**
 * The token side of a LiteLLM entry: base rates, long-context tiers and the batch multiplier,
 * as {@link LiteLlmEntryMapper} documents them. Every per-token figure goes through
 * {@link EntryFields#perMillionTokens}, so each is converted exactly and plausibility-checked.
 */
final class LiteLlmTokens {

    private static final Pattern TIER_FIELD = Pattern.compile("^(input_cost_per_token|output_cost_per_token"
            + "|cache_read_input_token_cost|cache_creation_input_token_cost_above_1hr|cache_creation_input_token_cost"
            + "|output_cost_per_reasoning_token)_above_(\\d+)k_tokens$");

    private LiteLlmTokens() {
    }

    /** The base token rates, or {@code null} when the entry has none. */
    static TokenRates base(EntryFields fields, Operation mode) {
        BigDecimal input = fields.perMillionTokens("input_cost_per_token");
        BigDecimal output = fields.perMillionTokens("output_cost_per_token");
        if (output == null && (mode == Operation.IMAGE_GENERATION || mode == Operation.IMAGE_EDIT)) {
            output = fields.perMillionTokens("output_cost_per_image_token");
        }
        if (input == null && output == null) {
            return tieredBase(fields);
        }
        if (input == null || output == null) {
            if (mode == Operation.CHAT || mode == Operation.COMPLETION || mode == Operation.OTHER) {
                throw EntryRejectedException.rejected((input == null ? "output_cost_per_token" : "input_cost_per_token")
                        + " is given without " + (input == null ? "input_cost_per_token" : "output_cost_per_token")
                        + "; the other side of a " + mode.name().toLowerCase(Locale.ROOT) + " call would be free");
            }
            // The mode bills one side only (an embedding has no output tokens to bill).
            input = input == null ? BigDecimal.ZERO : input;
            output = output == null ? BigDecimal.ZERO : output;
        }
        BigDecimal cacheRead = fields.perMillionTokens("cache_read_input_token_cost");
        if (cacheRead == null) {
            cacheRead = fields.perMillionTokens("input_cost_per_token_cache_hit");
        }
        return new TokenRates(input, output, cacheRead, fields.perMillionTokens("cache_creation_input_token_cost"),
                fields.perMillionTokens("cache_creation_input_token_cost_above_1hr"),
                fields.perMillionTokens("output_cost_per_reasoning_token"));
    }

    /** The base rates from a {@code tiered_pricing} range starting at 0, if any. */
    private static TokenRates tieredBase(EntryFields fields) {
        for (TieredRange range : tieredRanges(fields, null)) {
            if (range.from() == 0) {
                return range.rates();
            }
        }
        return null;
    }

    /** The long-context tiers from {@code _above_<N>k_tokens} fields and {@code tiered_pricing}. */
    static List<ContextTier> tiers(EntryFields fields, TokenRates base) {
        Map<Long, Map<String, BigDecimal>> byThreshold = new TreeMap<>();
        for (String field : fields.json().keySet()) {
            Matcher matcher = TIER_FIELD.matcher(field);
            if (matcher.matches()) {
                BigDecimal rate = fields.perMillionTokens(field);
                if (rate != null) {
                    long threshold = Long.parseLong(matcher.group(2)) * 1000L;
                    byThreshold.computeIfAbsent(threshold, t -> new HashMap<>()).put(matcher.group(1), rate);
                }
            }
        }
        List<ContextTier> tiers = new ArrayList<>();
        for (Map.Entry<Long, Map<String, BigDecimal>> tier : byThreshold.entrySet()) {
            Map<String, BigDecimal> rates = tier.getValue();
            if (tier.getKey() <= 0) {
                throw EntryRejectedException.rejected("a long-context tier above 0 tokens is not a tier");
            }
            tiers.add(new ContextTier(tier.getKey(), new TokenRates(
                    rates.getOrDefault("input_cost_per_token", base.input()),
                    rates.getOrDefault("output_cost_per_token", base.output()),
                    rates.get("cache_read_input_token_cost"),
                    rates.get("cache_creation_input_token_cost"),
                    rates.get("cache_creation_input_token_cost_above_1hr"),
                    rates.get("output_cost_per_reasoning_token"))));
        }
        for (TieredRange range : tieredRanges(fields, base)) {
            boolean known = tiers.stream().anyMatch(t -> t.aboveInputTokens() == range.from());
            if (range.from() > 0 && !known) {
                tiers.add(new ContextTier(range.from(), range.rates()));
            }
        }
        return tiers;
    }

    /** One element of {@code tiered_pricing}: the rates for prompts from {@code from} tokens. */
    private record TieredRange(long from, TokenRates rates) {
    }

    private static List<TieredRange> tieredRanges(EntryFields fields, TokenRates base) {
        List<TieredRange> ranges = new ArrayList<>();
        List<JsonElement> items = fields.array("tiered_pricing");
        for (int i = 0; i < items.size(); i++) {
            String name = "tiered_pricing[" + i + "]";
            if (!items.get(i).isJsonObject()) {
                throw EntryRejectedException.rejected(name + " is not an object");
            }
            JsonObject item = items.get(i).getAsJsonObject();
            long from = rangeStart(item, name);
            BigDecimal input = EntryFields.perMillionTokens(item, "input_cost_per_token", name + ".input_cost_per_token");
            BigDecimal output = EntryFields.perMillionTokens(item, "output_cost_per_token",
                    name + ".output_cost_per_token");
            input = input != null ? input : base != null ? base.input() : null;
            output = output != null ? output : base != null ? base.output() : null;
            if (input == null || output == null) {
                throw EntryRejectedException.rejected(name + " lacks input_cost_per_token or output_cost_per_token");
            }
            ranges.add(new TieredRange(from, new TokenRates(input, output,
                    EntryFields.perMillionTokens(item, "cache_read_input_token_cost", name + ".cache_read_input_token_cost"),
                    null, null,
                    EntryFields.perMillionTokens(item, "output_cost_per_reasoning_token",
                            name + ".output_cost_per_reasoning_token"))));
        }
        return ranges;
    }

    private static long rangeStart(JsonObject item, String name) {
        JsonElement range = item.get("range");
        if (range == null || !range.isJsonArray() || range.getAsJsonArray().isEmpty()
                || !EntryFields.isNumber(range.getAsJsonArray().get(0))) {
            throw EntryRejectedException.rejected(name + ".range is not a list [from, to] of token counts");
        }
        try {
            long from = range.getAsJsonArray().get(0).getAsBigDecimal().longValueExact();
            if (from < 0) {
                throw EntryRejectedException.rejected(name + ".range starts below 0");
            }
            return from;
        } catch (ArithmeticException e) {
            throw EntryRejectedException.rejected(name + ".range does not start at a whole number of tokens");
        }
    }

    /**
     * batch / regular when input and output agree on one exact ratio in (0, 1]. A ratio that is
     * not a terminating decimal, or two sides that disagree, give no multiplier: guessing one
     * would misprice every batch call.
     */
    static BigDecimal batchMultiplier(EntryFields fields) {
        BigDecimal ratio = null;
        for (String side : List.of("input_cost_per_token", "output_cost_per_token")) {
            BigDecimal regular = fields.price(side);
            BigDecimal batch = fields.price(side + "_batches");
            if (regular == null || batch == null || regular.signum() == 0) {
                continue;
            }
            BigDecimal sideRatio = batch.divide(regular, MathContext.DECIMAL64);
            if (sideRatio.multiply(regular).compareTo(batch) != 0
                    || (ratio != null && ratio.compareTo(sideRatio) != 0)) {
                return null;
            }
            ratio = sideRatio;
        }
        if (ratio == null || ratio.signum() <= 0 || ratio.compareTo(BigDecimal.ONE) > 0) {
            return null;
        }
        return ratio.stripTrailingZeros();
    }
}
