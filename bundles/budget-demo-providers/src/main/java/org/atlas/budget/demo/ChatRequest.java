package org.atlas.budget.demo;

import org.atlas.budget.api.model.Dimensions;

/**
 * One chat call of the demo host.
 *
 * @param requestId         the idempotency key
 * @param model             the model asked for
 * @param prompt            the prompt text
 * @param maxOutputTokens   the most the provider may generate (the budget's worst case)
 * @param dimensions        who the call is for
 * @param stream            whether the reply streams in chunks
 * @param cancelAfterChunks for streams: the client cancels after this many chunks (0: never)
 */
public record ChatRequest(String requestId, String model, String prompt, int maxOutputTokens, Dimensions dimensions,
        boolean stream, int cancelAfterChunks) {

    public ChatRequest {
        if (requestId == null || requestId.isBlank() || model == null || model.isBlank() || prompt == null) {
            throw new IllegalArgumentException("requestId, model and prompt are required");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 1, was " + maxOutputTokens);
        }
        if (cancelAfterChunks < 0) {
            throw new IllegalArgumentException("cancelAfterChunks must not be negative");
        }
        dimensions = dimensions == null ? Dimensions.NONE : dimensions;
    }

    public static ChatRequest of(String requestId, String model, String prompt, int maxOutputTokens, String userId) {
        return new ChatRequest(requestId, model, prompt, maxOutputTokens, Dimensions.ofUser(userId), false, 0);
    }
}
