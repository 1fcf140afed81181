package org.atlas.budget.api.model;

import java.util.Locale;

/**
 * Images produced (or edited) by one call: how many, at which size and quality.
 *
 * @param count   images, at least 1
 * @param size    the size as the provider names it, e.g. {@code 1024x1024}; kept in lower case
 * @param quality the quality as the provider names it, e.g. {@code standard}, {@code hd},
 *                {@code low}, {@code medium}, {@code high}; kept in lower case
 */
public record ImageUsage(int count, String size, String quality) {

    public ImageUsage {
        if (count < 1) {
            throw new IllegalArgumentException("images.count must be at least 1, was " + count);
        }
        size = Checks.text(size, "images.size", 32).toLowerCase(Locale.ROOT);
        quality = Checks.text(quality, "images.quality", 32).toLowerCase(Locale.ROOT);
    }
}
