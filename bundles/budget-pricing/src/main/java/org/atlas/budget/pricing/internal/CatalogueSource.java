package org.atlas.budget.pricing.internal;

/**
 * Where a catalogue service stands and who contributed it, taken from its service properties.
 *
 * @param serviceId   {@code service.id}
 * @param ranking     {@code service.ranking} (0 when absent or not an Integer, as OSGi reads it)
 * @param catalogueId {@code atlas.budget.catalogue.id}, or {@code null} when the property is missing
 * @param bundle      the registering bundle, for log messages
 */
public record CatalogueSource(long serviceId, int ranking, String catalogueId, String bundle) {
}
