package org.atlas.budget.api.model;

import java.time.Instant;
import java.util.Map;

/**
 * An open reservation: the worst-case cost of a call in flight, held on every matching bucket
 * until the call completes, aborts or the hold expires.
 *
 * @param admissionId identifies the hold
 * @param requestId   the call's idempotency key
 * @param amounts     the amount held on each bucket, rounded up; usually the same on every
 *                    bucket, but a policy that prices unknown models at its own fallback rates
 *                    holds its own estimate
 * @param createdAt   when it was taken
 * @param expiresAt   when the sweeper releases it if nothing else has
 */
public record Hold(String admissionId, String requestId, Map<BucketKey, Money> amounts, Instant createdAt,
        Instant expiresAt) {

    public Hold {
        Checks.text(admissionId, "admissionId", 200);
        Checks.text(requestId, "requestId", 200);
        amounts = Map.copyOf(Checks.required(amounts, "amounts"));
        for (Money amount : amounts.values()) {
            if (amount.isNegative()) {
                throw new IllegalArgumentException("a hold must not be negative, was " + amount);
            }
        }
        Checks.required(createdAt, "createdAt");
        Checks.required(expiresAt, "expiresAt");
        if (expiresAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("a hold cannot expire before it is created");
        }
    }
}
