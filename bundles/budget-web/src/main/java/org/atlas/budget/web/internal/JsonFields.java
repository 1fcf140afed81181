package org.atlas.budget.web.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Typed, strict access to the fields of one JSON object of a request. Every error names the
 * field by its path ({@code usage.outputTokens}); a field the endpoint does not know is an error
 * too, so that a typo never silently leaves a value at its default. JSON {@code null} means absent.
 */
final class JsonFields {

    /** Token counts and other counts: plain digits, at most 18 of them, so they fit a long. */
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,18}");
    /** Amounts and rates: a plain decimal, no exponent (which could ask for a billion digits). */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");

    private final JsonObject object;
    private final String prefix;

    private JsonFields(JsonObject object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** The body itself, which must be an object with only the fields named. */
    static JsonFields body(JsonElement root, String... known) {
        if (root == null || !root.isJsonObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return new JsonFields(root.getAsJsonObject(), "").only(known);
    }

    private JsonFields only(String... known) {
        Set<String> allowed = new LinkedHashSet<>(Arrays.asList(known));
        for (String name : object.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + path(name) + "'; known fields are "
                        + new TreeSet<>(allowed));
            }
        }
        return this;
    }

    String path(String name) {
        return prefix + name;
    }

    boolean has(String name) {
        JsonElement value = object.get(name);
        return value != null && !value.isJsonNull();
    }

    private JsonElement get(String name) {
        JsonElement value = object.get(name);
        return value == null || value.isJsonNull() ? null : value;
    }

    /** A nested object, or {@code null} when absent. */
    JsonFields object(String name, String... known) {
        JsonElement value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isJsonObject()) {
            throw wrongType(name, "an object");
        }
        return new JsonFields(value.getAsJsonObject(), path(name) + ".").only(known);
    }

    JsonFields requiredObject(String name, String... known) {
        JsonFields nested = object(name, known);
        if (nested == null) {
            throw missing(name);
        }
        return nested;
    }

    /** The objects of an array field; empty when absent. */
    List<JsonFields> objects(String name, String... known) {
        List<JsonFields> result = new ArrayList<>();
        JsonArray array = array(name);
        if (array == null) {
            return result;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            String itemPath = path(name) + "[" + i + "]";
            if (!item.isJsonObject()) {
                throw ApiException.badRequest(itemPath + " must be an object");
            }
            result.add(new JsonFields(item.getAsJsonObject(), itemPath + ".").only(known));
        }
        return result;
    }

    private JsonArray array(String name) {
        JsonElement value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isJsonArray()) {
            throw wrongType(name, "an array");
        }
        return value.getAsJsonArray();
    }

    /** A string, or {@code null} when absent. */
    String text(String name) {
        JsonElement value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw wrongType(name, "a string");
        }
        return value.getAsString();
    }

    String requiredText(String name) {
        String value = text(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    List<String> texts(String name) {
        List<String> result = new ArrayList<>();
        JsonArray array = array(name);
        if (array == null) {
            return result;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw ApiException.badRequest(path(name) + "[" + i + "] must be a string");
            }
            result.add(item.getAsString());
        }
        return result;
    }

    /** A non-negative whole number written as plain digits, or {@code absent}. */
    long count(String name, long absent) {
        JsonElement value = get(name);
        if (value == null) {
            return absent;
        }
        String literal = numberLiteral(name, value);
        if (!COUNT.matcher(literal).matches()) {
            throw ApiException.badRequest(path(name) + " must be a whole number from 0 to 999999999999999999, was "
                    + literal);
        }
        return Long.parseLong(literal);
    }

    /** A whole number (negative allowed) that fits an int, or {@code absent}. */
    int integer(String name, int absent) {
        JsonElement value = get(name);
        if (value == null) {
            return absent;
        }
        String literal = numberLiteral(name, value);
        if (!literal.matches("-?[0-9]{1,9}")) {
            throw ApiException.badRequest(path(name) + " must be a whole number of at most 9 digits, was " + literal);
        }
        return Integer.parseInt(literal);
    }

    List<Integer> integers(String name) {
        List<Integer> result = new ArrayList<>();
        JsonArray array = array(name);
        if (array == null) {
            return null;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            String itemPath = path(name) + "[" + i + "]";
            if (!isNumber(item) || !item.getAsNumber().toString().matches("-?[0-9]{1,9}")) {
                throw ApiException.badRequest(itemPath + " must be a whole number");
            }
            result.add(Integer.parseInt(item.getAsNumber().toString()));
        }
        return result;
    }

    /** An exact decimal, written as a string ({@code "1.25"}) or a plain number; or {@code null}. */
    BigDecimal decimal(String name) {
        JsonElement value = get(name);
        if (value == null) {
            return null;
        }
        String literal;
        if (isNumber(value)) {
            literal = value.getAsNumber().toString();
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            literal = value.getAsString().strip();
        } else {
            throw wrongType(name, "a decimal number as a string, such as \"1.25\"");
        }
        if (!DECIMAL.matcher(literal).matches()) {
            throw ApiException.badRequest(path(name) + " must be a plain decimal number such as \"1.25\""
                    + " (no exponent, at most 30 digits on each side of the point), was '" + shorten(literal) + "'");
        }
        return new BigDecimal(literal);
    }

    boolean bool(String name, boolean absent) {
        JsonElement value = get(name);
        if (value == null) {
            return absent;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw wrongType(name, "true or false");
        }
        return value.getAsBoolean();
    }

    /** An ISO-8601 instant such as {@code 2026-11-28T10:15:30Z}, or {@code null}. */
    Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        return parseInstant(value, path(name));
    }

    /** A string parsed by a model's own parser (enums, currencies, time zones), naming this field on error. */
    <T> T parsed(String name, Function<String, T> parser) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(path(name) + ": " + e.getMessage());
        }
    }

    static Instant parseInstant(String value, String field) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an ISO-8601 instant such as 2026-11-28T10:15:30Z, was '"
                    + shorten(value) + "'");
        }
    }

    private String numberLiteral(String name, JsonElement value) {
        if (!isNumber(value)) {
            throw wrongType(name, "a number");
        }
        return value.getAsNumber().toString();
    }

    private static boolean isNumber(JsonElement value) {
        return value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber();
    }

    private ApiException wrongType(String name, String expected) {
        return ApiException.badRequest(path(name) + " must be " + expected);
    }

    private ApiException missing(String name) {
        return ApiException.badRequest(path(name) + " is required");
    }

    static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }
}
