package org.atlas.budget.tracking.usage;

/** A provider response whose usage cannot be read: missing, malformed or inconsistent. */
public class UsageFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UsageFormatException(String message) {
        super(message);
    }

    public UsageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
