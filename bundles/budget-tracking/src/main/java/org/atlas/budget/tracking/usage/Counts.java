package org.atlas.budget.tracking.usage;

import java.math.BigDecimal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/** Reading token counts out of provider JSON, strictly: every message names the field. */
final class Counts {

    private Counts() {
    }

    static JsonObject parse(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new UsageFormatException(what + " is empty");
        }
        try {
            JsonElement element = JsonParser.parseString(json);
            if (!element.isJsonObject()) {
                throw new UsageFormatException(what + " must be a JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new UsageFormatException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The object at {@code name}, or {@code null} when absent or JSON null. */
    static JsonObject object(JsonObject parent, String name, String path) {
        JsonElement element = parent.get(name);
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (!element.isJsonObject()) {
            throw new UsageFormatException(path + name + " must be an object");
        }
        return element.getAsJsonObject();
    }

    static JsonObject requiredObject(JsonObject parent, String name, String path) {
        JsonObject object = object(parent, name, path);
        if (object == null) {
            throw new UsageFormatException(path + name + " is missing");
        }
        return object;
    }

    static long required(JsonObject parent, String name, String path) {
        JsonElement element = parent.get(name);
        if (element == null || element.isJsonNull()) {
            throw new UsageFormatException(path + name + " is missing");
        }
        return count(element, path + name);
    }

    /** An optional count: 0 when absent or null. */
    static long optional(JsonObject parent, String name, String path) {
        if (parent == null) {
            return 0;
        }
        JsonElement element = parent.get(name);
        return element == null || element.isJsonNull() ? 0 : count(element, path + name);
    }

    static boolean has(JsonObject parent, String name) {
        return parent != null && parent.has(name) && !parent.get(name).isJsonNull();
    }

    /** Reads the literal text of the number, so 1.5, 1e400 or 2^63 are errors, never rounded. */
    private static long count(JsonElement element, String field) {
        if (!element.isJsonPrimitive() || !((JsonPrimitive) element).isNumber()) {
            throw new UsageFormatException(field + " must be a number, was " + element);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(element.getAsString());
        } catch (NumberFormatException e) {
            throw new UsageFormatException(field + " must be a whole number, was " + element, e);
        }
        if (value.signum() < 0) {
            throw new UsageFormatException(field + " must not be negative, was " + value.toPlainString());
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new UsageFormatException(field + " must be a whole number that fits a long, was "
                    + element.getAsString(), e);
        }
    }

    static long sum(String what, long... parts) {
        long total = 0;
        try {
            for (long part : parts) {
                total = Math.addExact(total, part);
            }
        } catch (ArithmeticException e) {
            throw new UsageFormatException(what + " overflows a long", e);
        }
        return total;
    }
}
