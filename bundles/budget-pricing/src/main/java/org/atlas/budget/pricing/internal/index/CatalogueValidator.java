package org.atlas.budget.pricing.internal.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.ModelPrice;

/**
 * Checks what no single {@link ModelPrice} can check about itself: that the versions of a
 * catalogue fit together. Each record is already valid (its constructor saw to that); what can
 * still be wrong is a version id used twice (a usage record could no longer say which price it
 * was charged), two versions of a model taking effect at the same instant (which one is in
 * force?), or an alias that points at two models.
 */
public final class CatalogueValidator {

    private CatalogueValidator() {
    }

    /** Every problem found, in entry order; empty when the catalogue can be used. */
    public static List<CatalogueProblem> check(List<ModelPrice> prices) {
        List<CatalogueProblem> problems = new ArrayList<>();
        if (prices == null) {
            problems.add(new CatalogueProblem(-1, "the price list is null"));
            return problems;
        }
        Map<ModelKey, Integer> modelIds = new HashMap<>();
        for (int i = 0; i < prices.size(); i++) {
            ModelPrice price = prices.get(i);
            if (price != null) {
                modelIds.putIfAbsent(new ModelKey(price.provider(), price.model()), i);
            }
        }
        Map<String, Integer> versionIds = new HashMap<>();
        Map<ModelKey, Map<Instant, Integer>> effectiveDates = new HashMap<>();
        Map<ModelKey, Integer> aliasOwners = new HashMap<>();
        for (int i = 0; i < prices.size(); i++) {
            ModelPrice price = prices.get(i);
            if (price == null) {
                problems.add(new CatalogueProblem(i, "entry #" + (i + 1) + " is null"));
                continue;
            }
            ModelKey model = new ModelKey(price.provider(), price.model());
            Integer sameVersion = versionIds.putIfAbsent(price.versionId(), i);
            if (sameVersion != null) {
                problems.add(problem(i, price, "versionId", "'" + price.versionId()
                        + "' is also the version id of entry #" + (sameVersion + 1)));
                continue;
            }
            Integer sameInstant = effectiveDates.computeIfAbsent(model, k -> new HashMap<>())
                    .putIfAbsent(price.effectiveFrom(), i);
            if (sameInstant != null) {
                problems.add(problem(i, price, "effectiveFrom", "entry #" + (sameInstant + 1) + " of the same model"
                        + " also takes effect at " + price.effectiveFrom() + "; which one is in force is undecidable"));
                continue;
            }
            String aliasProblem = aliasProblem(prices, price, model, modelIds, aliasOwners, i);
            if (aliasProblem != null) {
                problems.add(problem(i, price, "aliases", aliasProblem));
            }
        }
        return problems;
    }

    private static String aliasProblem(List<ModelPrice> prices, ModelPrice price, ModelKey model,
            Map<ModelKey, Integer> modelIds, Map<ModelKey, Integer> aliasOwners, int index) {
        for (String alias : price.aliases()) {
            ModelKey aliasKey = new ModelKey(price.provider(), alias);
            if (aliasKey.equals(model)) {
                continue;
            }
            Integer namesModel = modelIds.get(aliasKey);
            if (namesModel != null) {
                return "'" + alias + "' is the id of another model, entry #" + (namesModel + 1);
            }
            Integer owner = aliasOwners.putIfAbsent(aliasKey, index);
            if (owner != null) {
                ModelPrice other = prices.get(owner);
                if (!new ModelKey(other.provider(), other.model()).equals(model)) {
                    return "'" + alias + "' is also an alias of " + other.provider() + "/" + other.model()
                            + " (entry #" + (owner + 1) + ")";
                }
            }
        }
        return null;
    }

    private static CatalogueProblem problem(int index, ModelPrice price, String field, String message) {
        return new CatalogueProblem(index, "entry #" + (index + 1) + " (" + price.provider() + "/" + price.model()
                + ", version '" + price.versionId() + "'), field '" + field + "': " + message);
    }
}
