package org.atlas.budget.api.model;

/** How a cost was arrived at. An unknown model is never free: it is {@link #UNPRICED}. */
public enum PricingStatus {
    /** Priced from a catalogue or an operator override. */
    PRICED,
    /** No price is known; priced at a policy's configured fallback rates. */
    FALLBACK,
    /** No price is known and none was applied: the cost is unknown, not zero. */
    UNPRICED
}
