package org.atlas.budget.pricing.internal.index;

import java.util.Locale;

/**
 * The identity of a model across catalogues: a provider and a model id, both compared without
 * regard to case, because hosts, catalogues and LiteLLM spell the same id differently
 * ({@code BAAI/bge-base} and {@code baai/bge-base}).
 *
 * @param provider the provider id, lower case
 * @param id       the model id (or an alias), lower case
 */
public record ModelKey(String provider, String id) {

    public ModelKey {
        provider = provider.strip().toLowerCase(Locale.ROOT);
        id = id.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return provider + "/" + id;
    }
}
