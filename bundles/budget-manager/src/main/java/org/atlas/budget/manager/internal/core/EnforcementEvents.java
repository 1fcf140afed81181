package org.atlas.budget.manager.internal.core;

import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.UsageReport;

/**
 * What the enforcer tells the outside world. Called outside every ledger lock; an
 * implementation must not block (the component posts to EventAdmin asynchronously).
 */
public interface EnforcementEvents {

    /** A decision other than a plain ALLOW. */
    void decided(AdmissionRequest request, Decision decision);

    /** A call cost more than its hold on a bucket: the estimate was not an upper bound. */
    void overspent(UsageReport report, String policyId, Money held, Money charged);

    /** A call of a model without a price was admitted or recorded. */
    void unpriced(String provider, String model, String requestId, String policyId);

    /** A hold expired unsettled and was released. */
    void expired(Hold hold);

    EnforcementEvents NONE = new EnforcementEvents() {
        @Override
        public void decided(AdmissionRequest request, Decision decision) {
        }

        @Override
        public void overspent(UsageReport report, String policyId, Money held, Money charged) {
        }

        @Override
        public void unpriced(String provider, String model, String requestId, String policyId) {
        }

        @Override
        public void expired(Hold hold) {
        }
    };
}
