package org.atlas.budget.pricing.internal.json;

/**
 * A catalogue file that cannot be used, with a message naming the entry and the field (and the
 * line and column for a syntax error), so that an operator can fix it from the log alone.
 */
public final class CatalogueFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public CatalogueFormatException(String message) {
        super(message);
    }

    public CatalogueFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
