package org.atlas.budget.pricing.internal.json;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.gson.stream.JsonWriter;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.TokenRates;

/**
 * Writes a catalogue in the format {@link CatalogueFileReader} reads, so that an import is kept
 * in the one format the project defines and is validated again, like any catalogue, when it is
 * read back after a restart. Every price is written as a decimal string from
 * {@link BigDecimal#toPlainString()}, which keeps its exact value and scale: a round trip gives
 * equal records.
 */
public final class CatalogueFileWriter {

    private CatalogueFileWriter() {
    }

    /**
     * Writes {@code file}.
     *
     * @throws IllegalArgumentException when a price's currency is not the file's: the format has
     *         one currency per file
     */
    public static void write(CatalogueFile file, Writer out) throws IOException {
        for (ModelPrice price : file.prices()) {
            if (!price.currency().equals(file.currency())) {
                throw new IllegalArgumentException(price.provider() + "/" + price.model() + " is priced in "
                        + price.currency() + ", but the catalogue file is in " + file.currency());
            }
        }
        JsonWriter json = new JsonWriter(out);
        json.setIndent("  ");
        json.beginObject();
        json.name("catalogue").value(file.id());
        json.name("currency").value(file.currency().getCurrencyCode());
        json.name("models").beginArray();
        for (List<ModelPrice> versions : groupByModelEntry(file.prices()).values()) {
            writeModel(json, versions);
        }
        json.endArray();
        json.endObject();
        json.flush();
    }

    /** Versions that share every model-level field become one model entry, in first-seen order. */
    private static Map<List<Object>, List<ModelPrice>> groupByModelEntry(List<ModelPrice> prices) {
        Map<List<Object>, List<ModelPrice>> groups = new LinkedHashMap<>();
        for (ModelPrice price : prices) {
            List<Object> key = new ArrayList<>();
            key.add(price.provider());
            key.add(price.model());
            key.add(price.aliases());
            key.add(price.mode());
            key.add(price.capabilities());
            key.add(Objects.toString(price.deprecationDate(), ""));
            key.add(Objects.toString(price.source(), ""));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(price);
        }
        return groups;
    }

    private static void writeModel(JsonWriter json, List<ModelPrice> versions) throws IOException {
        ModelPrice first = versions.get(0);
        json.beginObject();
        json.name("provider").value(first.provider());
        json.name("model").value(first.model());
        if (!first.aliases().isEmpty()) {
            strings(json, "aliases", first.aliases());
        }
        json.name("mode").value(first.mode().name());
        if (!first.capabilities().isEmpty()) {
            strings(json, "capabilities", first.capabilities());
        }
        if (first.deprecationDate() != null) {
            json.name("deprecationDate").value(first.deprecationDate().toString());
        }
        if (first.source() != null) {
            json.name("source").value(first.source());
        }
        json.name("versions").beginArray();
        for (ModelPrice version : versions) {
            writeVersion(json, version);
        }
        json.endArray();
        json.endObject();
    }

    private static void writeVersion(JsonWriter json, ModelPrice version) throws IOException {
        json.beginObject();
        json.name("id").value(version.versionId());
        json.name("effectiveFrom").value(version.effectiveFrom().toString());
        if (version.tokens() != null) {
            json.name("tokens");
            tokens(json, version.tokens());
        }
        if (!version.tiers().isEmpty()) {
            json.name("tiers").beginArray();
            for (ContextTier tier : version.tiers()) {
                json.beginObject();
                json.name("aboveInputTokens").value(tier.aboveInputTokens());
                json.name("tokens");
                tokens(json, tier.rates());
                json.endObject();
            }
            json.endArray();
        }
        if (!version.images().isEmpty()) {
            json.name("images").beginArray();
            for (ImageRate image : version.images()) {
                json.beginObject();
                json.name("size").value(image.size());
                json.name("quality").value(image.quality());
                decimal(json, "perImage", image.perImage());
                json.endObject();
            }
            json.endArray();
        }
        decimal(json, "perAudioSecond", version.perAudioSecond());
        decimal(json, "perMillionCharacters", version.perMillionCharacters());
        decimal(json, "perRequest", version.perRequest());
        decimal(json, "batchMultiplier", version.batchMultiplier());
        json.endObject();
    }

    private static void tokens(JsonWriter json, TokenRates rates) throws IOException {
        json.beginObject();
        decimal(json, "input", rates.input());
        decimal(json, "output", rates.output());
        decimal(json, "cacheRead", rates.cacheRead());
        decimal(json, "cacheWrite5m", rates.cacheWrite5m());
        decimal(json, "cacheWrite1h", rates.cacheWrite1h());
        decimal(json, "reasoning", rates.reasoning());
        json.endObject();
    }

    private static void decimal(JsonWriter json, String name, BigDecimal value) throws IOException {
        if (value != null) {
            json.name(name).value(value.toPlainString());
        }
    }

    private static void strings(JsonWriter json, String name, Iterable<String> values) throws IOException {
        json.name(name).beginArray();
        for (String value : values) {
            json.value(value);
        }
        json.endArray();
    }
}
