package org.atlas.budget.pricing.internal.litellm;

import java.io.Reader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;

import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.pricing.internal.index.CatalogueProblem;
import org.atlas.budget.pricing.internal.index.CatalogueValidator;
import org.atlas.budget.pricing.internal.index.ModelKey;
import org.atlas.budget.pricing.internal.json.StrictJson;

/**
 * Imports LiteLLM's {@code model_prices_and_context_window.json} into price versions.
 *
 * <p>That file is community data with known defects (entries without a price, chat models priced
 * 0/0, prices off by 100,000x, no currency, no dates), so nothing in it is trusted blindly: each
 * entry is mapped on its own ({@link LiteLlmEntryMapper} documents the field mapping) and either
 * loaded, skipped (nothing to load) or rejected (bad or implausible data), with the reason in the
 * {@link ImportReport}. One bad entry never stops the others; a file that is not JSON at all
 * changes nothing.
 *
 * <p>The file has no currency and no dates: prices are taken as USD (LiteLLM's unit), in force
 * from the epoch (there is no earlier price to prefer), with a version id
 * {@code provider/model@<import instant>} so that a usage record charged at an imported price
 * names the import it came from.
 */
public final class LiteLlmImporter {

    /** LiteLLM's prices are US dollars. */
    public static final Currency CURRENCY = Currency.getInstance("USD");

    private static final String DOCUMENTATION_KEY = "sample_spec";

    /** What an import produced. */
    public record Result(List<ModelPrice> prices, ImportReport report) {
    }

    /**
     * Reads a LiteLLM price map.
     *
     * @throws IllegalArgumentException when the source is not a JSON object, naming the line and column
     */
    public Result read(Reader source, String catalogueId, Instant importedAt) {
        JsonElement root = StrictJson.read(source, StrictJson.Duplicates.LAST_WINS);
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("a LiteLLM price map is a JSON object of model entries, this is "
                    + (root.isJsonArray() ? "a list" : root.toString()));
        }
        Run run = new Run(importedAt.truncatedTo(ChronoUnit.SECONDS));
        for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject().entrySet()) {
            run.entry(entry.getKey(), entry.getValue());
        }
        List<ModelPrice> prices = run.finish();
        return new Result(prices, new ImportReport(catalogueId, prices.size(), run.skipped, run.rejected));
    }

    /** The state of one import: drafts by model, and the report being written. */
    private static final class Run {
        private final Instant importedAt;
        private final Map<ModelKey, ModelDraft> models = new LinkedHashMap<>();
        private final List<LiteLlmEntryMapper.ImageVariant> variants = new ArrayList<>();
        private final Set<ModelKey> rejectedModels = new HashSet<>();
        private final List<ImportReport.Entry> skipped = new ArrayList<>();
        private final List<ImportReport.Entry> rejected = new ArrayList<>();

        Run(Instant importedAt) {
            this.importedAt = importedAt;
        }

        void entry(String key, JsonElement value) {
            if (DOCUMENTATION_KEY.equals(key)) {
                skipped.add(new ImportReport.Entry(key, "documents the file format; not a model"));
                return;
            }
            if (!value.isJsonObject()) {
                skipped.add(new ImportReport.Entry(key, "not a model entry (not a JSON object)"));
                return;
            }
            EntryFields fields = new EntryFields(value.getAsJsonObject());
            ModelKey model = null;
            try {
                // Reads every price once: a negative or non-numeric one rejects the entry here.
                if (fields.costs().isEmpty() && fields.array("tiered_pricing").isEmpty()) {
                    skipped.add(new ImportReport.Entry(key, "no price at all"));
                    return;
                }
                String provider = LiteLlmEntryMapper.provider(fields);
                Operation mode = LiteLlmEntryMapper.mode(fields);
                LiteLlmKey parsed = LiteLlmKey.parse(key, provider);
                if (parsed.model().isEmpty()) {
                    throw EntryRejectedException.rejected("the key names no model");
                }
                if (parsed.isImageVariant()) {
                    variants.add(LiteLlmEntryMapper.imageVariant(key, parsed, provider, mode, fields));
                } else {
                    model = new ModelKey(provider, parsed.model());
                    accept(LiteLlmEntryMapper.model(key, parsed, provider, mode, fields));
                }
            } catch (EntryRejectedException e) {
                if (e.isRejected()) {
                    rejected.add(new ImportReport.Entry(key, e.getMessage()));
                    if (model != null) {
                        rejectedModels.add(model);
                    }
                } else {
                    skipped.add(new ImportReport.Entry(key, e.getMessage()));
                }
            }
        }

        /**
         * LiteLLM lists some models twice ({@code deepseek-chat} and {@code deepseek/deepseek-chat}).
         * Equal prices merge (the second key becomes an alias); different prices keep the entry
         * without a provider prefix, LiteLLM's canonical spelling, and reject the other.
         */
        private void accept(ModelDraft draft) {
            ModelKey key = new ModelKey(draft.provider, draft.model);
            ModelDraft existing = models.get(key);
            if (existing == null) {
                models.put(key, draft);
            } else if (existing.samePricesAs(draft)) {
                existing.aliases.addAll(draft.aliases);
                skipped.add(new ImportReport.Entry(draft.key, "the same model and prices as '" + existing.key + "'"));
            } else if (existing.prefixed && !draft.prefixed) {
                models.put(key, draft);
                rejected.add(conflict(existing, draft));
            } else {
                rejected.add(conflict(draft, existing));
            }
        }

        private static ImportReport.Entry conflict(ModelDraft dropped, ModelDraft kept) {
            return new ImportReport.Entry(dropped.key, "prices " + dropped.provider + "/" + dropped.model
                    + " differently from '" + kept.key + "', which is kept (the spelling without a provider prefix)");
        }

        List<ModelPrice> finish() {
            for (LiteLlmEntryMapper.ImageVariant variant : variants) {
                ModelKey key = new ModelKey(variant.provider(), variant.model());
                if (rejectedModels.contains(key) && !models.containsKey(key)) {
                    rejected.add(new ImportReport.Entry(variant.key(), "its model " + key + " was rejected"));
                    continue;
                }
                ModelDraft draft = models.computeIfAbsent(key,
                        k -> new ModelDraft(variant.key(), variant.provider(), variant.model(), null, variant.mode()));
                if (draft.hasImageRate(variant.rate())) {
                    skipped.add(new ImportReport.Entry(variant.key(), "a second rate for the same image size and quality"));
                } else {
                    draft.images.add(variant.rate());
                }
            }
            List<ModelPrice> prices = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (ModelDraft draft : models.values()) {
                try {
                    String versionId = draft.provider + "/" + draft.model + "@" + importedAt;
                    prices.add(draft.build(versionId, Instant.EPOCH, CURRENCY));
                    keys.add(draft.key);
                } catch (IllegalArgumentException e) {
                    rejected.add(new ImportReport.Entry(draft.key, e.getMessage()));
                }
            }
            return dropInconsistent(prices, keys);
        }

        /** Entries the catalogue check refuses (an alias naming another model ...) are rejected, not the import. */
        private List<ModelPrice> dropInconsistent(List<ModelPrice> prices, List<String> keys) {
            List<CatalogueProblem> problems = CatalogueValidator.check(prices);
            while (!problems.isEmpty()) {
                CatalogueProblem problem = problems.get(0);
                rejected.add(new ImportReport.Entry(keys.get(problem.index()), problem.message()));
                prices.remove(problem.index());
                keys.remove(problem.index());
                problems = CatalogueValidator.check(prices);
            }
            return List.copyOf(prices);
        }
    }
}
