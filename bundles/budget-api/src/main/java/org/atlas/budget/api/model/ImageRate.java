package org.atlas.budget.api.model;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The price of one image at a size and quality; {@code *} matches any size or quality.
 *
 * @param size     e.g. {@code 1024x1024}, or {@code *}
 * @param quality  e.g. {@code standard}, {@code hd}, {@code high}, or {@code *}
 * @param perImage the price of one image
 */
public record ImageRate(String size, String quality, BigDecimal perImage) {

    public static final String ANY = "*";

    public ImageRate {
        size = Checks.text(size, "size", 32).toLowerCase(Locale.ROOT);
        quality = Checks.text(quality, "quality", 32).toLowerCase(Locale.ROOT);
        Checks.nonNegative(perImage, "perImage");
    }

    public boolean matches(ImageUsage image) {
        return (ANY.equals(size) || size.equals(image.size()))
                && (ANY.equals(quality) || quality.equals(image.quality()));
    }

    /** Exact matches beat wildcards. */
    public int specificity() {
        return (ANY.equals(size) ? 0 : 2) + (ANY.equals(quality) ? 0 : 1);
    }
}
