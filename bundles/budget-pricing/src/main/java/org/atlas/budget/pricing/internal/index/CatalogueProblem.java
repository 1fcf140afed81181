package org.atlas.budget.pricing.internal.index;

/**
 * Why one entry of a catalogue cannot be accepted.
 *
 * @param index   the entry's position in the catalogue's price list (0-based), or -1 for the list itself
 * @param message names the entry and the field
 */
public record CatalogueProblem(int index, String message) {
}
