package org.atlas.budget.manager.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.UnpricedAction;

/**
 * Reads a policy from flat configuration properties ({@code etc/org.atlas.budget.policy-NAME.cfg}):
 * the keys of the JSON policy, with {@code limit} and {@code currency} flat, {@code rollover.*}
 * and {@code fallback.*} dotted. Every value may be a string (as Felix FileInstall delivers it).
 * A bad or unknown key is an {@link IllegalArgumentException} naming the key: a typo must never
 * silently leave a budget unenforced.
 */
public final class PolicyProperties {

    static final Set<String> KEYS = Set.of("id", "name", "scope", "scopeValue", "period", "timeZone", "customStart",
            "customEnd", "limit", "currency", "thresholds", "action", "rollover.enabled", "rollover.capPercent",
            "unpriced", "fallback.input", "fallback.output", "fallback.cacheRead", "fallback.cacheWrite5m",
            "fallback.cacheWrite1h", "fallback.reasoning", "enabled", "priority");

    private PolicyProperties() {
    }

    /**
     * @param defaultId the id when the file has no {@code id} key (the NAME of the file)
     */
    public static BudgetPolicy parse(Map<String, ?> props, String defaultId) {
        for (String key : props.keySet()) {
            if (!KEYS.contains(key) && !isFrameworkKey(key)) {
                throw new IllegalArgumentException("key '" + key + "' is unknown; known keys are " + new java.util.TreeSet<>(KEYS));
            }
        }
        String id = field("id", () -> text(props, "id", defaultId));
        Scope scope = field("scope", () -> Scope.parse(text(props, "scope", "GLOBAL")));
        String scopeValue = text(props, "scopeValue", null);
        PeriodKind kind = field("period", () -> PeriodKind.parse(text(props, "period", "MONTHLY")));
        java.time.ZoneId zone = field("timeZone", () -> Period.zone(text(props, "timeZone", "UTC")));
        Instant start = field("customStart", () -> instant(text(props, "customStart", null)));
        Instant end = field("customEnd", () -> instant(text(props, "customEnd", null)));
        Period period = field("period", () -> new Period(kind, zone, start, end));
        String currency = field("currency", () -> Money.currency(text(props, "currency", "USD")).getCurrencyCode());
        Money limit = field("limit", () -> Money.of(required(props, "limit"), currency));
        List<Integer> thresholds = field("thresholds", () -> thresholds(props.get("thresholds")));
        LimitAction action = field("action", () -> LimitAction.parse(text(props, "action", "BLOCK")));
        Rollover rollover = field("rollover.capPercent", () -> new Rollover(bool(props, "rollover.enabled", false),
                integer(props, "rollover.capPercent", 0)));
        UnpricedAction unpriced = field("unpriced", () -> UnpricedAction.parse(text(props, "unpriced", "BLOCK")));
        TokenRates fallback = field("fallback.input", () -> fallbackRates(props));
        boolean enabled = field("enabled", () -> bool(props, "enabled", true));
        int priority = field("priority", () -> integer(props, "priority", 0));
        try {
            return new BudgetPolicy(id, text(props, "name", null), scope, scopeValue, period, limit, thresholds,
                    action, rollover, unpriced, fallback, enabled, priority);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static boolean isFrameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.")
                || key.startsWith("osgi.") || key.equals("objectClass");
    }

    private static <T> T field(String key, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith("key '") ? message : "key '" + key + "': " + message, e);
        }
    }

    private static String required(Map<String, ?> props, String key) {
        String value = text(props, key, null);
        if (value == null) {
            throw new IllegalArgumentException("is required");
        }
        return value;
    }

    private static String text(Map<String, ?> props, String key, String defaultValue) {
        Object value = props.get(key);
        if (value == null) {
            return defaultValue;
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? defaultValue : text;
    }

    private static boolean bool(Map<String, ?> props, String key, boolean defaultValue) {
        String value = text(props, key, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("key '" + key + "' must be true or false, was '" + value + "'");
        };
    }

    private static int integer(Map<String, ?> props, String key, int defaultValue) {
        String value = text(props, key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key '" + key + "' must be a whole number, was '" + value + "'", e);
        }
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, was '"
                    + value + "'", e);
        }
    }

    private static List<Integer> thresholds(Object value) {
        List<Integer> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        Iterable<?> items;
        if (value instanceof String[] array) {
            items = List.of(array);
        } else if (value instanceof Iterable<?> iterable) {
            items = iterable;
        } else if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                list.add(java.lang.reflect.Array.get(value, i));
            }
            items = list;
        } else {
            items = List.of(String.valueOf(value).split(","));
        }
        for (Object item : items) {
            String text = String.valueOf(item).strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                result.add(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be whole percentages such as 80,100, was '" + text + "'", e);
            }
        }
        return result;
    }

    private static TokenRates fallbackRates(Map<String, ?> props) {
        String input = text(props, "fallback.input", null);
        String output = text(props, "fallback.output", null);
        boolean any = input != null || output != null || text(props, "fallback.cacheRead", null) != null
                || text(props, "fallback.cacheWrite5m", null) != null || text(props, "fallback.cacheWrite1h", null) != null
                || text(props, "fallback.reasoning", null) != null;
        if (!any) {
            return null;
        }
        if (input == null || output == null) {
            throw new IllegalArgumentException("fallback.input and fallback.output are both required for fallback rates");
        }
        return new TokenRates(decimal("fallback.input", input), decimal("fallback.output", output),
                decimal("fallback.cacheRead", text(props, "fallback.cacheRead", null)),
                decimal("fallback.cacheWrite5m", text(props, "fallback.cacheWrite5m", null)),
                decimal("fallback.cacheWrite1h", text(props, "fallback.cacheWrite1h", null)),
                decimal("fallback.reasoning", text(props, "fallback.reasoning", null)));
    }

    private static BigDecimal decimal(String key, String value) {
        if (value == null) {
            return null;
        }
        BigDecimal rate;
        try {
            rate = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key '" + key + "' must be a decimal number, was '" + value + "'", e);
        }
        if (rate.signum() < 0) {
            throw new IllegalArgumentException("key '" + key + "' must not be negative, was " + value);
        }
        return rate;
    }
}
