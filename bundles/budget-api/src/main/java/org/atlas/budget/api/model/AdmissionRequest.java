package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * A provider call about to be made.
 *
 * @param requestId  the idempotency key of the call; the same id completes it
 * @param provider   provider id, lower case
 * @param model      the model the host intends to call
 * @param operation  the kind of call
 * @param dimensions who and what the call is attributed to
 * @param estimate   the worst case: estimated input tokens, and the request's maximum output
 *                   tokens as {@code outputTokens}, plus images, audio or characters requested.
 *                   When it is an upper bound, no policy can be overspent.
 * @param timestamp  when the call is made
 */
public record AdmissionRequest(String requestId, String provider, String model, Operation operation,
        Dimensions dimensions, Usage estimate, Instant timestamp) {

    public AdmissionRequest {
        requestId = Checks.text(requestId, "requestId", 200);
        provider = Checks.provider(provider, "provider");
        model = Checks.text(model, "model", 200);
        Checks.required(operation, "operation");
        dimensions = dimensions == null ? Dimensions.NONE : dimensions;
        Checks.required(estimate, "estimate");
        Checks.required(timestamp, "timestamp");
    }

    /** A chat call with an estimated prompt size and the maximum output the request allows. */
    public static AdmissionRequest chat(String requestId, String provider, String model, Dimensions dimensions,
            long estimatedInputTokens, long maxOutputTokens) {
        return new AdmissionRequest(requestId, provider, model, Operation.CHAT, dimensions,
                Usage.builder().inputTokens(estimatedInputTokens).outputTokens(maxOutputTokens).build(), Instant.now());
    }

    /** The same call with another model, as a DOWNGRADE decision suggests. */
    public AdmissionRequest withModel(String otherModel) {
        return new AdmissionRequest(requestId, provider, otherModel, operation, dimensions, estimate, timestamp);
    }

    /** The report of this call once it has been made. */
    public UsageReport toReport(String actualModel, boolean success, Usage actual) {
        return new UsageReport(requestId, provider, actualModel, operation, timestamp, success, dimensions, actual);
    }
}
