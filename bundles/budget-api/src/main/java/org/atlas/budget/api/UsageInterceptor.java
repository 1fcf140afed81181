package org.atlas.budget.api;

import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The hook around every provider call. Host bundles reach it through
 * {@link org.atlas.budget.api.guard.BudgetGuard}, which tracks these services and uses the one
 * with the highest {@code service.ranking}.
 *
 * <p>Lifecycle of one call: {@link #admit} before the call; then exactly one of
 * {@link #complete} (the call finished, successfully or not, and its usage is known) or
 * {@link #abort} (it did not happen, or was cancelled part-way). A hold that is neither
 * completed nor aborted expires after its TTL.
 */
@ProviderType
public interface UsageInterceptor {

    /**
     * Evaluates every matching policy and, when the outcome admits the call, reserves the
     * worst-case cost on every matching bucket in one atomic step.
     *
     * @throws BudgetUnavailableException when the decision cannot be made (e.g. the store is
     *         down); the guard then applies its fail mode
     */
    Admission admit(AdmissionRequest request);

    /**
     * Prices the actual usage exactly, settles the hold and records the call durably.
     * Idempotent on the request id: completing twice charges once.
     *
     * @return the record as stored
     */
    UsageRecord complete(Admission admission, UsageReport actual);

    /**
     * Ends the call without a normal completion: releases the hold, or charges what a
     * cancelled stream already consumed when {@code consumed} is not {@link Usage#NONE}.
     *
     * @param consumed what the call used before it stopped; {@link Usage#NONE} if nothing
     * @param cause    why, for the record and the log
     */
    void abort(Admission admission, Usage consumed, String cause);
}
