package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * Which records to reprice, and at which prices.
 *
 * @param from     first record timestamp, inclusive
 * @param to       last record timestamp, exclusive
 * @param provider optional filter
 * @param model    optional filter (the model id as recorded)
 * @param pricesAt the price version to apply: for every record, the price in force at this
 *                 instant (the same version for the whole run), not at the record's own timestamp
 */
public record RepricingRequest(Instant from, Instant to, String provider, String model, Instant pricesAt) {

    public RepricingRequest {
        Checks.required(from, "from");
        Checks.required(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        provider = provider == null ? null : Checks.provider(provider, "provider");
        model = Checks.optionalText(model, "model", 200);
        Checks.required(pricesAt, "pricesAt");
    }
}
