package org.atlas.budget.web.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The query parameters of a request, strict like the bodies: a parameter the endpoint does not
 * know, or one given twice, is an error naming it.
 */
final class Query {

    private final Map<String, String[]> params;

    private Query(Map<String, String[]> params) {
        this.params = params;
    }

    /**
     * Parses the query string itself: the container's parameter map would also read a form body
     * (a client that sends JSON without a JSON content type), and mix its text into the parameters.
     */
    static Map<String, String[]> parse(String queryString) {
        Map<String, String[]> params = new java.util.LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return params;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String[] previous = params.get(name);
            if (previous == null) {
                params.put(name, new String[] {value});
            } else {
                String[] more = Arrays.copyOf(previous, previous.length + 1);
                more[previous.length] = value;
                params.put(name, more);
            }
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the query string is not valid URL encoding near '"
                    + JsonFields.shorten(text) + "'");
        }
    }

    static Query of(Map<String, String[]> params, String... known) {
        TreeSet<String> allowed = new TreeSet<>(Arrays.asList(known));
        for (Map.Entry<String, String[]> entry : params.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw ApiException.badRequest("unknown query parameter '" + JsonFields.shorten(entry.getKey())
                        + "'; known parameters are " + allowed);
            }
            if (entry.getValue().length > 1) {
                throw ApiException.badRequest("query parameter '" + entry.getKey() + "' is given more than once");
            }
        }
        return new Query(params);
    }

    String text(String name) {
        String[] values = params.get(name);
        if (values == null || values.length == 0 || values[0].isBlank()) {
            return null;
        }
        return values[0].strip();
    }

    Instant instant(String name) {
        String value = text(name);
        return value == null ? null : JsonFields.parseInstant(value, name);
    }

    int integer(String name, int absent) {
        String value = text(name);
        if (value == null) {
            return absent;
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw ApiException.badRequest(name + " must be a whole number, was '" + JsonFields.shorten(value) + "'");
        }
        return Integer.parseInt(value);
    }

    <T> T parsed(String name, Function<String, T> parser) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + ": " + e.getMessage());
        }
    }
}
