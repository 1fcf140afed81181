package org.atlas.budget.pricing.internal.override;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;

/**
 * Turns an override configuration into a price version, or an {@link InvalidOverrideException}
 * naming the key at fault.
 *
 * <p>The version id is {@code override:<provider>/<model>@<effectiveFrom>#<fingerprint>}, the
 * fingerprint being the first 8 bytes of a SHA-256 over the rates. Editing a rate in place (same
 * effective date) therefore gives a new version id, and a usage record charged at the old figure
 * still names a version that means exactly that figure.
 */
public final class OverridePrices {

    /** The keys of an override configuration: the methods of {@link OverrideConfig}. */
    private static final List<String> CONFIG_KEYS = Arrays.stream(OverrideConfig.class.getDeclaredMethods())
            .map(Method::getName).sorted().toList();

    /** Keys that the checks of {@link ModelPrice} name at the start of their messages. */
    private static final List<String> RECORD_FIELDS = List.of("provider", "model", "aliases", "capabilities", "mode",
            "currency", "effectiveFrom", "perAudioSecond", "perMillionCharacters", "perRequest");

    private OverridePrices() {
    }

    /** The catalogue id an override registers under. */
    public static String catalogueId(ModelPrice price) {
        return "override:" + price.provider() + "/" + price.model();
    }

    /** Parses a configuration whose keys are exactly those of {@link OverrideConfig}. */
    public static ModelPrice parse(OverrideConfig config) {
        return parse(config, Set.of());
    }

    /**
     * Parses a configuration, refusing a key that is not one of {@link OverrideConfig}'s: a typo
     * ({@code cacheRaed}) would otherwise leave a rate unset and bill it at a default without a
     * word. Keys with a dot ({@code service.pid}, {@code felix.fileinstall.filename}) belong to
     * the framework and are not checked.
     *
     * @param keys every key of the configuration
     */
    public static ModelPrice parse(OverrideConfig config, Set<String> keys) {
        for (String key : keys) {
            if (key.indexOf('.') < 0 && !CONFIG_KEYS.contains(key)) {
                throw new InvalidOverrideException(key, "unknown key (known: " + String.join(", ", CONFIG_KEYS) + ")");
            }
        }
        String provider = required("provider", config.provider());
        String model = required("model", config.model());
        Operation mode = parse("mode", config.mode(), Operation::parse);
        Currency currency = parse("currency", config.currency(), Money::currency);
        Instant effectiveFrom = effectiveFrom(config.effectiveFrom());
        BigDecimal input = decimal("input", config.input());
        BigDecimal output = decimal("output", config.output());
        TokenRates tokens = null;
        if (input != null || output != null) {
            if (input == null || output == null) {
                String missing = input == null ? "input" : "output";
                throw new InvalidOverrideException(missing, "is required when "
                        + (input == null ? "output" : "input") + " is given");
            }
            tokens = new TokenRates(input, output, decimal("cacheRead", config.cacheRead()),
                    decimal("cacheWrite5m", config.cacheWrite5m()), decimal("cacheWrite1h", config.cacheWrite1h()),
                    decimal("reasoning", config.reasoning()));
        } else {
            for (String[] cacheRate : new String[][] {{"cacheRead", config.cacheRead()},
                    {"cacheWrite5m", config.cacheWrite5m()}, {"cacheWrite1h", config.cacheWrite1h()},
                    {"reasoning", config.reasoning()}}) {
                if (decimal(cacheRate[0], cacheRate[1]) != null) {
                    throw new InvalidOverrideException(cacheRate[0], "needs input and output token rates");
                }
            }
        }
        BigDecimal perAudioSecond = decimal("perAudioSecond", config.perAudioSecond());
        BigDecimal perMillionCharacters = decimal("perMillionCharacters", config.perMillionCharacters());
        BigDecimal perRequest = decimal("perRequest", config.perRequest());
        if (tokens == null && perAudioSecond == null && perMillionCharacters == null && perRequest == null) {
            throw new InvalidOverrideException("input", "no price given: set input and output, perAudioSecond,"
                    + " perMillionCharacters or perRequest");
        }
        String fingerprint = fingerprint(mode, currency, tokens, perAudioSecond, perMillionCharacters, perRequest);
        String versionId = "override:" + provider.toLowerCase(Locale.ROOT) + "/" + model + "@"
                + effectiveFrom + "#" + fingerprint;
        try {
            return new ModelPrice(provider, model, strings(config.aliases()), mode, versionId, effectiveFrom, currency,
                    tokens, List.of(), List.of(), perAudioSecond, perMillionCharacters, perRequest, null,
                    strings(config.capabilities()), null, "operator override");
        } catch (IllegalArgumentException e) {
            // The record's message names the field, which has the configuration key's name.
            throw new InvalidOverrideException(keyNamedIn(e.getMessage()), e.getMessage(), e);
        }
    }

    private static String keyNamedIn(String message) {
        String text = String.valueOf(message);
        return RECORD_FIELDS.stream().filter(text::startsWith).findFirst().orElse("model");
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidOverrideException(key, "is required");
        }
        return value.strip();
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(String key, String value, Parser<T> parser) {
        String text = required(key, value);
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidOverrideException(key, e.getMessage(), e);
        }
    }

    private static Instant effectiveFrom(String value) {
        String text = required("effectiveFrom", value);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidOverrideException("effectiveFrom", "'" + text
                    + "' is not an ISO-8601 instant such as 2025-01-01T00:00:00Z", e);
        }
    }

    /** An exact decimal, or {@code null} for an empty value. */
    private static BigDecimal decimal(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidOverrideException(key, "'" + value + "' is not a decimal number such as 2.50", e);
        }
        if (decimal.signum() < 0) {
            throw new InvalidOverrideException(key, "must not be negative, was " + decimal.toPlainString());
        }
        return decimal;
    }

    private static Set<String> strings(String[] values) {
        Set<String> result = new LinkedHashSet<>();
        if (values != null) {
            Arrays.stream(values).filter(v -> v != null && !v.isBlank()).map(String::strip).forEach(result::add);
        }
        return result;
    }

    private static String fingerprint(Object... rates) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(Arrays.deepToString(rates).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
