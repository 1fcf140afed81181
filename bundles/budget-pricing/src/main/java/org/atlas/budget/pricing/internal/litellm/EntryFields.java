package org.atlas.budget.pricing.internal.litellm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The price fields of one LiteLLM entry, as exact decimals.
 *
 * <p>LiteLLM prices tokens per single token ({@code 2.5e-06}); Atlas prices them per 1M tokens.
 * The conversion moves the decimal point six places ({@link BigDecimal#movePointRight(int)}),
 * which is exact, and every token price passes the plausibility limit on the way: a price above
 * $1,000 per 1M tokens is a data error (LiteLLM's
 * {@code wandb/*} entries are off by about 100,000x), and loading it would make one call cost
 * thousands.
 */
final class EntryFields {

    private static final String PLAUSIBLE_PER_MILLION_TEXT = "1000";
    static final BigDecimal PLAUSIBLE_PER_MILLION = new BigDecimal(PLAUSIBLE_PER_MILLION_TEXT);

    private final JsonObject entry;

    EntryFields(JsonObject entry) {
        this.entry = entry;
    }

    JsonObject json() {
        return entry;
    }

    /**
     * Every field whose name says it is a cost and whose value is a number or a string, in file
     * order, as exact decimals.
     *
     * @throws EntryRejectedException when one is negative or not a number
     */
    Map<String, BigDecimal> costs() {
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : entry.entrySet()) {
            JsonElement value = field.getValue();
            boolean scalar = value.isJsonPrimitive() && !value.getAsJsonPrimitive().isBoolean();
            if (field.getKey().contains("cost") && scalar) {
                costs.put(field.getKey(), price(field.getKey()));
            }
        }
        return costs;
    }

    /** A price per unit as given (per second, per image, per character ...), or {@code null}. */
    BigDecimal price(String field) {
        return price(entry, field, field);
    }

    /** Like {@link #price(String)} but {@code null} also for 0: a zero rate here means "not billed this way". */
    BigDecimal positivePrice(String field) {
        BigDecimal value = price(field);
        return value != null && value.signum() > 0 ? value : null;
    }

    /** A per-token price converted to per 1M tokens, plausibility-checked; or {@code null}. */
    BigDecimal perMillionTokens(String field) {
        return perMillionTokens(entry, field, field);
    }

    static BigDecimal perMillionTokens(JsonObject object, String field, String name) {
        BigDecimal perToken = price(object, field, name);
        if (perToken == null) {
            return null;
        }
        BigDecimal perMillion = perToken.movePointRight(6);
        if (perMillion.compareTo(PLAUSIBLE_PER_MILLION) > 0) {
            throw EntryRejectedException.rejected(name + " = " + perToken.toPlainString() + " per token is $"
                    + perMillion.toPlainString() + " per 1M tokens, above the plausibility limit of $"
                    + PLAUSIBLE_PER_MILLION_TEXT + " per 1M tokens");
        }
        return perMillion;
    }

    static BigDecimal price(JsonObject object, String field, String name) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        BigDecimal number;
        if (isNumber(value)) {
            number = value.getAsBigDecimal();
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            try {
                number = new BigDecimal(value.getAsString().strip());
            } catch (NumberFormatException e) {
                throw EntryRejectedException.rejected(name + " is not a number: '" + value.getAsString() + "'");
            }
        } else {
            throw EntryRejectedException.rejected(name + " is not a number: " + value);
        }
        if (number.signum() < 0) {
            throw EntryRejectedException.rejected(name + " is negative: " + number.toPlainString());
        }
        return number;
    }

    String string(String field) {
        JsonElement value = entry.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw EntryRejectedException.rejected(field + " is not a string: " + value);
        }
        String text = value.getAsString().strip();
        return text.isEmpty() ? null : text;
    }

    boolean isTrue(String field) {
        JsonElement value = entry.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()
                && value.getAsBoolean();
    }

    List<JsonElement> array(String field) {
        JsonElement value = entry.get(field);
        if (value == null || value.isJsonNull()) {
            return List.of();
        }
        if (!value.isJsonArray()) {
            throw EntryRejectedException.rejected(field + " is not a list: " + value);
        }
        List<JsonElement> items = new ArrayList<>();
        value.getAsJsonArray().forEach(items::add);
        return items;
    }

    static boolean isNumber(JsonElement value) {
        return value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber();
    }
}
