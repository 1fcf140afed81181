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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * The versions one catalogue has for one model, oldest first, each with its
     * {@link PricedModel} made once (a quote then allocates none to name its price).
     */
    record CatalogueModel(String catalogue, List<ModelPrice> versions, List<PricedModel> priced) {

        CatalogueModel(String catalogue, List<ModelPrice> versions) {
            this(catalogue, versions, versions.stream().map(v -> new PricedModel(catalogue, v)).toList());
        }

        PricedModel pricedAt(Instant at) {
            PricedModel found = null;
            for (int i = 0; i < versions.size(); i++) {
                if (!versions.get(i).effectiveFrom().isAfter(at)) {
                    found = priced.get(i);
                }
            }
            return found;
        }
    }

    /**
     * What a model id as asked resolves to: its key and every catalogue's versions of it, or no
     * key when no catalogue knows it.
     */
    public record Resolution(ModelKey key, List<CatalogueModel> models) {
        static final Resolution UNKNOWN = new Resolution(null, List.of());

        public boolean known() {
            return key != null;
        }
    }

    /**
     * Resolutions of the ids as asked, by provider then model, so that a quote of a model seen
     * before costs two lookups of strings whose hashes they cache, instead of lower-casing,
     * a key and two lookups of the key. Bounded, since callers choose the ids: past the bound an
     * id is resolved each time. It belongs to this index and goes with it when catalogues change.
     */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Resolution>> resolved = new ConcurrentHashMap<>();
    private final AtomicInteger resolvedCount = new AtomicInteger();
    static final int MAX_RESOLVED = 10_000;

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
        return Optional.ofNullable(pricedAt(byModel.getOrDefault(model, List.of()), at));
    }

    /** {@link #resolve} and the model's versions in one, remembered per id as asked. */
    public Resolution resolution(String provider, String model) {
        var byModelId = resolved.get(provider);
        Resolution known = byModelId == null ? null : byModelId.get(model);
        if (known != null) {
            return known;
        }
        Resolution fresh = resolve(provider, model).map(key -> new Resolution(key, byModel.get(key)))
                .orElse(Resolution.UNKNOWN);
        if (resolvedCount.get() < MAX_RESOLVED) {
            if (resolved.computeIfAbsent(provider, p -> new ConcurrentHashMap<>())
                    .putIfAbsent(model, fresh) == null) {
                resolvedCount.incrementAndGet();
            }
        }
        return fresh;
    }

    /** The version in force at {@code at} of a resolved model, or {@code null}. */
    public PricedModel pricedAt(Resolution resolution, Instant at) {
        return pricedAt(resolution.models(), at);
    }

    private static PricedModel pricedAt(List<CatalogueModel> models, Instant at) {
        for (int i = 0; i < models.size(); i++) {
            PricedModel version = models.get(i).pricedAt(at);
            if (version != null) {
                return version;
            }
        }
        return null;
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
