package org.atlas.budget.api.model;

/**
 * A long-context tier. When a request's prompt, cache reads and writes included, is
 * <em>strictly above</em> {@code aboveInputTokens}, the whole request, input and output, is
 * billed at {@code rates}, as providers bill it.
 *
 * @param aboveInputTokens the threshold in prompt tokens, positive
 * @param rates            the rates for the whole request above the threshold
 */
public record ContextTier(long aboveInputTokens, TokenRates rates) {

    public ContextTier {
        if (aboveInputTokens <= 0) {
            throw new IllegalArgumentException("tier threshold must be positive, was " + aboveInputTokens);
        }
        Checks.required(rates, "rates");
    }
}
