package org.atlas.budget.api.model;

import java.time.Instant;
import java.util.List;

/**
 * An open reservation: the worst-case cost of a call in flight, held on every matching bucket
 * until the call completes, aborts or the hold expires.
 *
 * @param admissionId identifies the hold
 * @param requestId   the call's idempotency key
 * @param buckets     the buckets it is held on
 * @param amount      the amount held on each of them, rounded up
 * @param createdAt   when it was taken
 * @param expiresAt   when the sweeper releases it if nothing else has
 */
public record Hold(String admissionId, String requestId, List<BucketKey> buckets, Money amount, Instant createdAt,
        Instant expiresAt) {

    public Hold {
        Checks.text(admissionId, "admissionId", 200);
        Checks.text(requestId, "requestId", 200);
        buckets = List.copyOf(Checks.required(buckets, "buckets"));
        Checks.required(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a hold must not be negative, was " + amount);
        }
        Checks.required(createdAt, "createdAt");
        Checks.required(expiresAt, "expiresAt");
        if (expiresAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("a hold cannot expire before it is created");
        }
    }
}
