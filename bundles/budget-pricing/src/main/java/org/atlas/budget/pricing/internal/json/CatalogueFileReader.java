package org.atlas.budget.pricing.internal.json;

import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonElement;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.pricing.internal.index.CatalogueProblem;
import org.atlas.budget.pricing.internal.index.CatalogueValidator;

/**
 * Reads a catalogue file in the format of docs/catalogue-format.md, strictly: an unknown field, a
 * negative price, an unknown mode, a bad date, a repeated version id all reject the whole file
 * with a message naming the entry and the field. Half a catalogue is worse than none: it would
 * price some models from a file the operator believes is in force and others from elsewhere.
 */
public final class CatalogueFileReader {

    private static final Set<String> FILE_FIELDS = Set.of("catalogue", "currency", "models");
    private static final Set<String> MODEL_FIELDS = Set.of("provider", "model", "aliases", "mode", "capabilities",
            "deprecationDate", "source", "versions");
    private static final Set<String> VERSION_FIELDS = Set.of("id", "effectiveFrom", "tokens", "tiers", "images",
            "perAudioSecond", "perMillionCharacters", "perRequest", "batchMultiplier");
    private static final Set<String> TOKEN_FIELDS = Set.of("input", "output", "cacheRead", "cacheWrite5m",
            "cacheWrite1h", "reasoning");
    private static final Set<String> TIER_FIELDS = Set.of("aboveInputTokens", "tokens");
    private static final Set<String> IMAGE_FIELDS = Set.of("size", "quality", "perImage");

    private CatalogueFileReader() {
    }

    /**
     * Reads and validates a catalogue file.
     *
     * @param source the file's name in messages, e.g. the bundle entry path
     * @throws CatalogueFormatException naming the entry and the field of the first problem
     */
    public static CatalogueFile read(Reader reader, String source) {
        JsonElement root;
        try {
            root = StrictJson.read(reader, StrictJson.Duplicates.REJECT);
        } catch (CatalogueFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CatalogueFormatException(source + ": " + e.getMessage(), e);
        }
        JsonFields file = JsonFields.of(root, source, FILE_FIELDS);
        String id = file.requiredString("catalogue");
        Currency currency = currency(file);
        List<ModelPrice> prices = new ArrayList<>();
        List<String> wheres = new ArrayList<>();
        List<JsonElement> models = file.requiredArray("models");
        for (int i = 0; i < models.size(); i++) {
            readModel(models.get(i), source + " models[" + i + "]", currency, prices, wheres);
        }
        List<CatalogueProblem> problems = CatalogueValidator.check(prices);
        if (!problems.isEmpty()) {
            CatalogueProblem first = problems.get(0);
            String where = first.index() >= 0 ? wheres.get(first.index()) : source;
            throw new CatalogueFormatException(where + ": " + first.message());
        }
        return new CatalogueFile(id, currency, prices);
    }

    private static Currency currency(JsonFields file) {
        String code = file.requiredString("currency");
        try {
            return Money.currency(code);
        } catch (IllegalArgumentException e) {
            throw file.error("currency", e.getMessage());
        }
    }

    private static void readModel(JsonElement element, String where, Currency currency, List<ModelPrice> prices,
            List<String> wheres) {
        JsonFields model = JsonFields.of(element, where, MODEL_FIELDS);
        String provider = model.requiredString("provider");
        String id = model.requiredString("model");
        JsonFields named = JsonFields.of(element, where + " (" + provider + "/" + id + ")", MODEL_FIELDS);
        Set<String> aliases = new LinkedHashSet<>(named.optionalStrings("aliases"));
        Set<String> capabilities = new LinkedHashSet<>(named.optionalStrings("capabilities"));
        Operation mode = mode(named);
        LocalDate deprecation = named.optionalDate("deprecationDate");
        String sourceUrl = named.optionalString("source");
        List<JsonElement> versions = named.requiredArray("versions");
        for (int v = 0; v < versions.size(); v++) {
            JsonFields version = JsonFields.of(versions.get(v), named.where() + " versions[" + v + "]", VERSION_FIELDS);
            String versionId = version.requiredString("id");
            version = JsonFields.of(versions.get(v), version.where() + " (id " + versionId + ")", VERSION_FIELDS);
            Instant effectiveFrom = version.requiredInstant("effectiveFrom");
            TokenRates tokens = version.has("tokens") ? tokens(version, "tokens") : null;
            List<ContextTier> tiers = tiers(version);
            List<ImageRate> images = images(version);
            try {
                prices.add(new ModelPrice(provider, id, aliases, mode, versionId, effectiveFrom, currency, tokens,
                        tiers, images, version.optionalPrice("perAudioSecond"),
                        version.optionalPrice("perMillionCharacters"), version.optionalPrice("perRequest"),
                        batchMultiplier(version), capabilities, deprecation, sourceUrl));
            } catch (CatalogueFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // The record's own check; its message names the field.
                throw new CatalogueFormatException(version.where() + ": " + e.getMessage(), e);
            }
            wheres.add(version.where());
        }
    }

    private static Operation mode(JsonFields model) {
        String text = model.optionalString("mode");
        if (text == null) {
            return Operation.CHAT;
        }
        try {
            return Operation.parse(text);
        } catch (IllegalArgumentException e) {
            throw model.error("mode", e.getMessage());
        }
    }

    private static BigDecimal batchMultiplier(JsonFields version) {
        BigDecimal multiplier = version.optionalPrice("batchMultiplier");
        if (multiplier != null && (multiplier.signum() == 0 || multiplier.compareTo(BigDecimal.ONE) > 0)) {
            throw version.error("batchMultiplier", "must be above 0 and at most 1, was " + multiplier.toPlainString());
        }
        return multiplier;
    }

    private static TokenRates tokens(JsonFields parent, String field) {
        JsonFields tokens = JsonFields.of(parent.get(field), parent.where() + " " + field, TOKEN_FIELDS);
        return new TokenRates(tokens.requiredPrice("input"), tokens.requiredPrice("output"),
                tokens.optionalPrice("cacheRead"), tokens.optionalPrice("cacheWrite5m"),
                tokens.optionalPrice("cacheWrite1h"), tokens.optionalPrice("reasoning"));
    }

    private static List<ContextTier> tiers(JsonFields version) {
        List<ContextTier> tiers = new ArrayList<>();
        List<JsonElement> items = version.optionalArray("tiers");
        for (int t = 0; t < items.size(); t++) {
            JsonFields tier = JsonFields.of(items.get(t), version.where() + " tiers[" + t + "]", TIER_FIELDS);
            if (!tier.has("tokens")) {
                throw tier.error("tokens", "is required");
            }
            tiers.add(new ContextTier(tier.requiredPositiveLong("aboveInputTokens"), tokens(tier, "tokens")));
        }
        return tiers;
    }

    private static List<ImageRate> images(JsonFields version) {
        List<ImageRate> images = new ArrayList<>();
        List<JsonElement> items = version.optionalArray("images");
        for (int i = 0; i < items.size(); i++) {
            JsonFields image = JsonFields.of(items.get(i), version.where() + " images[" + i + "]", IMAGE_FIELDS);
            String size = image.has("size") ? image.requiredString("size") : ImageRate.ANY;
            String quality = image.has("quality") ? image.requiredString("quality") : ImageRate.ANY;
            images.add(new ImageRate(size, quality, image.requiredPrice("perImage")));
        }
        return images;
    }
}
