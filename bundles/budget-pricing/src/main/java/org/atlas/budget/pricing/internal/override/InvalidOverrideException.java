package org.atlas.budget.pricing.internal.override;

/** An override configuration that cannot be used; names the configuration key at fault. */
public final class InvalidOverrideException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidOverrideException(String key, String message) {
        super("key '" + key + "': " + message);
        this.key = key;
    }

    public InvalidOverrideException(String key, String message, Throwable cause) {
        super("key '" + key + "': " + message, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
