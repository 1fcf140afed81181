package org.atlas.budget.pricing.internal.json;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * One JSON object of a catalogue file, read field by field with errors that say where: every
 * message names the entry ({@code where}) and the field. Unknown fields are an error, because a
 * typo ({@code "inptu"}) must not silently drop a price.
 */
final class JsonFields {

    private final JsonObject object;
    private final String where;

    private JsonFields(JsonObject object, String where) {
        this.object = object;
        this.where = where;
    }

    /** Wraps {@code element}, which must be an object with no field outside {@code allowed}. */
    static JsonFields of(JsonElement element, String where, Set<String> allowed) {
        if (element == null || !element.isJsonObject()) {
            throw new CatalogueFormatException(where + ": must be a JSON object");
        }
        JsonObject object = element.getAsJsonObject();
        for (String name : object.keySet()) {
            if (!allowed.contains(name)) {
                throw new CatalogueFormatException(where + ", field '" + name + "': unknown field (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return new JsonFields(object, where);
    }

    String where() {
        return where;
    }

    boolean has(String field) {
        return object.has(field) && !object.get(field).isJsonNull();
    }

    JsonElement get(String field) {
        return object.get(field);
    }

    CatalogueFormatException error(String field, String message) {
        return new CatalogueFormatException(where + ", field '" + field + "': " + message);
    }

    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw error(field, "is required");
        }
        return value;
    }

    String optionalString(String field) {
        if (!has(field)) {
            return null;
        }
        JsonElement value = object.get(field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw error(field, "must be a string, was " + value);
        }
        String text = value.getAsString().strip();
        if (text.isEmpty()) {
            throw error(field, "must not be blank");
        }
        return text;
    }

    /** A price: a decimal string, or a JSON number read from its literal text; never negative. */
    BigDecimal optionalPrice(String field) {
        if (!has(field)) {
            return null;
        }
        BigDecimal value = decimal(field, object.get(field));
        if (value.signum() < 0) {
            throw error(field, "must not be negative, was " + value.toPlainString());
        }
        return value;
    }

    BigDecimal requiredPrice(String field) {
        BigDecimal value = optionalPrice(field);
        if (value == null) {
            throw error(field, "is required");
        }
        return value;
    }

    private BigDecimal decimal(String field, JsonElement value) {
        if (!value.isJsonPrimitive() || value.getAsJsonPrimitive().isBoolean()) {
            throw error(field, "must be a decimal string such as \"2.50\", was " + value);
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isNumber()) {
            // StrictJson keeps numbers as BigDecimal from their literal text: exact.
            return primitive.getAsBigDecimal();
        }
        try {
            return new BigDecimal(primitive.getAsString().strip());
        } catch (NumberFormatException e) {
            throw new CatalogueFormatException(where + ", field '" + field + "': '" + primitive.getAsString()
                    + "' is not a decimal number", e);
        }
    }

    long requiredPositiveLong(String field) {
        if (!has(field)) {
            throw error(field, "is required");
        }
        BigDecimal value = decimal(field, object.get(field));
        try {
            long result = value.longValueExact();
            if (result <= 0) {
                throw error(field, "must be a positive whole number, was " + value.toPlainString());
            }
            return result;
        } catch (ArithmeticException e) {
            throw new CatalogueFormatException(where + ", field '" + field + "': must be a whole number, was "
                    + value.toPlainString(), e);
        }
    }

    Instant requiredInstant(String field) {
        String text = requiredString(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CatalogueFormatException(where + ", field '" + field + "': '" + text
                    + "' is not an ISO-8601 instant such as 2025-01-01T00:00:00Z", e);
        }
    }

    LocalDate optionalDate(String field) {
        String text = optionalString(field);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CatalogueFormatException(where + ", field '" + field + "': '" + text
                    + "' is not an ISO-8601 date such as 2026-06-30", e);
        }
    }

    List<String> optionalStrings(String field) {
        List<String> result = new ArrayList<>();
        for (JsonElement item : optionalArray(field)) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString() || item.getAsString().isBlank()) {
                throw error(field, "must be a list of non-blank strings, has " + item);
            }
            result.add(item.getAsString().strip());
        }
        return result;
    }

    List<JsonElement> optionalArray(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonElement value = object.get(field);
        if (!value.isJsonArray()) {
            throw error(field, "must be a list");
        }
        List<JsonElement> result = new ArrayList<>();
        for (JsonElement item : (JsonArray) value) {
            result.add(item);
        }
        return result;
    }

    List<JsonElement> requiredArray(String field) {
        if (!has(field)) {
            throw error(field, "is required");
        }
        List<JsonElement> items = optionalArray(field);
        if (items.isEmpty()) {
            throw error(field, "must not be empty");
        }
        return items;
    }
}
