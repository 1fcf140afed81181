package org.atlas.budget.api.guard;

import org.atlas.budget.api.model.Usage;

/**
 * What a provider call returns to the guard: its result and the usage the provider reported.
 *
 * @param value   the result handed back to the host
 * @param usage   the canonical usage of the call
 * @param success whether the provider call succeeded (a failed call may still be billed)
 */
public record Completion<T>(T value, Usage usage, boolean success) {

    public Completion {
        if (usage == null) {
            throw new IllegalArgumentException("usage is required; use Usage.NONE when nothing was used");
        }
    }

    public static <T> Completion<T> of(T value, Usage usage) {
        return new Completion<>(value, usage, true);
    }

    public static <T> Completion<T> failed(T value, Usage usage) {
        return new Completion<>(value, usage, false);
    }
}
