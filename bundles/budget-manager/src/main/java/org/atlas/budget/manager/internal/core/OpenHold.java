package org.atlas.budget.manager.internal.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.manager.internal.journal.HoldListener;
import org.atlas.budget.manager.internal.ledger.Bucket;
import org.atlas.budget.manager.internal.ledger.Ledger;
import org.atlas.budget.manager.internal.policy.Target;

/**
 * A hold in memory: the buckets it is on and how much, in nano-units of each policy's currency.
 *
 * @param locks the guard that locked the buckets when the hold was taken, to lock them again when
 *              it ends ({@link Ledger.Locked#lockAgain}); only whoever removed the hold from the
 *              open holds uses it
 */
record OpenHold(String admissionId, AdmissionRequest request, Target[] targets, Bucket[] buckets, long[] amounts,
        Instant createdAt, Instant expiresAt, Ledger.Locked locks) implements HoldListener.Journaled {

    @Override
    public Hold toHold() {
        Map<BucketKey, Money> held = new LinkedHashMap<>();
        for (int i = 0; i < buckets.length; i++) {
            held.put(buckets[i].key(), Money.ofNanos(amounts[i], targets[i].policy().limit().currency()));
        }
        return new Hold(admissionId, request.requestId(), held, createdAt, expiresAt);
    }
}
