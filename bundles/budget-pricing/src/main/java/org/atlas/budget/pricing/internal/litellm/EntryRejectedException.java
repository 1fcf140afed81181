package org.atlas.budget.pricing.internal.litellm;

/**
 * An entry of a LiteLLM file that is not loaded, and why. Raised deep in the mapping, caught for
 * each entry and written to the {@link org.atlas.budget.api.model.ImportReport}: one bad entry
 * never stops the others.
 */
final class EntryRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code true}: bad or implausible data (rejected); {@code false}: nothing to load (skipped). */
    private final boolean rejected;

    private EntryRejectedException(String reason, boolean rejected) {
        super(reason, null, false, false);
        this.rejected = rejected;
    }

    static EntryRejectedException rejected(String reason) {
        return new EntryRejectedException(reason, true);
    }

    static EntryRejectedException skipped(String reason) {
        return new EntryRejectedException(reason, false);
    }

    boolean isRejected() {
        return rejected;
    }
}
