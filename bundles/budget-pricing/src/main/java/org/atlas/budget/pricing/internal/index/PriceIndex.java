package org.atlas.budget.pricing.internal.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.atlas.budget.api.model.ModelPrice;

/**
 * Every price of every catalogue, arranged for lookups that never lock and never guess.
 *
 * <p>Immutable: the registry builds a new index when a catalogue comes, changes or goes and
 * publishes it in one volatile write, so a quote sees one consistent set of catalogues.
 *
 * <p><b>Resolution</b> (model id to model): for each candidate provider (the asked one, then its
 * {@link ProviderAliases family}), first a catalogue's canonical id, then an explicit alias; then
 * the same again with a leading {@code provider/} segment removed when that segment names the
 * asked provider or one of its family. All comparisons ignore case. Nothing else: {@code gpt-4.1}
 * never falls back to {@code gpt-4}, and an unknown id stays unknown (UNPRICED, never $0).
 * A canonical id in any catalogue beats an alias in any catalogue; among aliases the catalogue with
 * the higher precedence decides.
 *
 * <p><b>Precedence</b> (which catalogue prices a model): the catalogue of highest
 * {@code service.ranking} that has a version in force at the instant asked; on equal ranking the
 * lower service id. Overrides are catalogues ranked {@link Integer#MAX_VALUE}, so they beat all.
 */
public final class PriceIndex {

    /** No catalogue at all. */
    public static final PriceIndex EMPTY = build(List.of());

    private final Map<ModelKey, List<CatalogueModel>> byModel;
    private final Map<ModelKey, ModelKey> aliases;

    private PriceIndex(Map<ModelKey, List<CatalogueModel>> byModel, Map<ModelKey, ModelKey> aliases) {
        this.byModel = byModel;
        this.aliases = aliases;
    }

    /** The versions one catalogue has for one model, oldest first. */
    record CatalogueModel(String catalogue, List<ModelPrice> versions) {

        ModelPrice inForceAt(Instant at) {
            ModelPrice found = null;
            for (ModelPrice version : versions) {
                if (!version.effectiveFrom().isAfter(at)) {
                    found = version;
                }
            }
            return found;
        }
    }

    /** Builds the index; the catalogues must each have passed {@link CatalogueValidator}. */
    public static PriceIndex build(Collection<RankedCatalogue> catalogues) {
        List<RankedCatalogue> ordered = new ArrayList<>(catalogues);
        ordered.sort(RankedCatalogue.PRECEDENCE);
        Map<ModelKey, List<CatalogueModel>> byModel = new LinkedHashMap<>();
        Map<ModelKey, ModelKey> aliases = new HashMap<>();
        for (RankedCatalogue catalogue : ordered) {
            Map<ModelKey, List<ModelPrice>> versions = new LinkedHashMap<>();
            for (ModelPrice price : catalogue.prices()) {
                versions.computeIfAbsent(new ModelKey(price.provider(), price.model()), k -> new ArrayList<>())
                        .add(price);
            }
            versions.forEach((model, list) -> {
                list.sort(Comparator.comparing(ModelPrice::effectiveFrom));
                byModel.computeIfAbsent(model, k -> new ArrayList<>())
                        .add(new CatalogueModel(catalogue.id(), List.copyOf(list)));
                for (ModelPrice price : list) {
                    for (String alias : price.aliases()) {
                        // Precedence order: the first catalogue to claim an alias keeps it.
                        aliases.putIfAbsent(new ModelKey(model.provider(), alias), model);
                    }
                }
            });
        }
        byModel.replaceAll((model, list) -> List.copyOf(list));
        return new PriceIndex(Map.copyOf(byModel), Map.copyOf(aliases));
    }

    /** The model an id names, by the rules above; empty when no catalogue knows it. */
    public Optional<ModelKey> resolve(String provider, String model) {
        List<String> providers = ProviderAliases.candidates(provider);
        String id = model.strip();
        Optional<ModelKey> direct = lookup(providers, id);
        if (direct.isPresent()) {
            return direct;
        }
        int slash = id.indexOf('/');
        if (slash > 0 && slash < id.length() - 1 && providers.contains(id.substring(0, slash).toLowerCase(Locale.ROOT))) {
            return lookup(providers, id.substring(slash + 1));
        }
        return Optional.empty();
    }

    private Optional<ModelKey> lookup(List<String> providers, String id) {
        for (String candidate : providers) {
            ModelKey key = new ModelKey(candidate, id);
            if (byModel.containsKey(key)) {
                return Optional.of(key);
            }
            ModelKey aliased = aliases.get(key);
            if (aliased != null) {
                return Optional.of(aliased);
            }
        }
        return Optional.empty();
    }

    /** The version in force at {@code at} from the catalogue of highest precedence that has one. */
    public Optional<PricedModel> priceAt(ModelKey model, Instant at) {
        for (CatalogueModel candidate : byModel.getOrDefault(model, List.of())) {
            ModelPrice version = candidate.inForceAt(at);
            if (version != null) {
                return Optional.of(new PricedModel(candidate.catalogue(), version));
            }
        }
        return Optional.empty();
    }

    /** The earliest instant any catalogue prices the model from, to explain an UNPRICED quote. */
    public Optional<PricedModel> firstVersion(ModelKey model) {
        PricedModel first = null;
        for (CatalogueModel candidate : byModel.getOrDefault(model, List.of())) {
            ModelPrice earliest = candidate.versions().get(0);
            if (first == null || earliest.effectiveFrom().isBefore(first.price().effectiveFrom())) {
                first = new PricedModel(candidate.catalogue(), earliest);
            }
        }
        return Optional.ofNullable(first);
    }

    /** Every model some catalogue prices. */
    public Collection<ModelKey> models() {
        return byModel.keySet();
    }
}
