package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * What a host observed about one provider call, before it is priced.
 *
 * @param requestId  the idempotency key: reporting the same id twice never charges twice
 * @param provider   provider id, e.g. {@code openai}; case-insensitive, kept in lower case
 * @param model      the model id as the provider names it
 * @param operation  the kind of call
 * @param timestamp  when the call was made; prices in force at this instant apply
 * @param success    whether the provider call succeeded (failed calls may still be billed)
 * @param dimensions who and what the call is attributed to
 * @param usage      the canonical usage
 */
public record UsageReport(String requestId, String provider, String model, Operation operation,
        Instant timestamp, boolean success, Dimensions dimensions, Usage usage) {

    public UsageReport {
        requestId = Checks.text(requestId, "requestId", 200);
        provider = Checks.provider(provider, "provider");
        model = Checks.text(model, "model", 200);
        Checks.required(operation, "operation");
        Checks.required(timestamp, "timestamp");
        dimensions = dimensions == null ? Dimensions.NONE : dimensions;
        Checks.required(usage, "usage");
    }
}
