package org.atlas.budget.pricing.internal.index;

import org.atlas.budget.api.model.ModelPrice;

/**
 * The price version that applies, and the catalogue that supplied it (quotes name both).
 *
 * @param catalogue the catalogue id
 * @param price     the version in force
 */
public record PricedModel(String catalogue, ModelPrice price) {
}
