package org.atlas.budget.api.model;

/**
 * A cheaper model of the same mode and capabilities.
 *
 * @param provider the alternative's provider
 * @param model    the alternative's model id
 * @param quote    what the same usage would cost with it
 * @param saving   how much less than the original it costs, positive
 */
public record Alternative(String provider, String model, Quote quote, Money saving) {

    public Alternative {
        provider = Checks.provider(provider, "provider");
        Checks.text(model, "model", 200);
        Checks.required(quote, "quote");
        Checks.required(saving, "saving");
    }
}
