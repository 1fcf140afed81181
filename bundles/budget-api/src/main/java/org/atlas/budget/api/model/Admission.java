package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * The result of {@code UsageInterceptor.admit}: the decision and, when admitted, the hold taken
 * on every matching bucket. The holder must end it exactly once, by completing or aborting.
 *
 * @param admissionId identifies the hold; {@code null} when nothing was held
 * @param request     the request as admitted (for DOWNGRADE, with the suggested model)
 * @param decision    the decision
 * @param hold        the amount held on each matching bucket; zero when nothing was held
 * @param expiresAt   when an unfinished hold is released by the sweeper; {@code null} when
 *                    nothing was held
 */
public record Admission(String admissionId, AdmissionRequest request, Decision decision, Money hold,
        Instant expiresAt) {

    public Admission {
        Checks.required(request, "request");
        Checks.required(decision, "decision");
        Checks.required(hold, "hold");
        if (hold.isNegative()) {
            throw new IllegalArgumentException("hold must not be negative, was " + hold);
        }
        if (!hold.isZero() && (admissionId == null || expiresAt == null)) {
            throw new IllegalArgumentException("a hold needs an admissionId and an expiry");
        }
        if (!hold.isZero() && !decision.outcome().admits()) {
            throw new IllegalArgumentException("a " + decision.outcome() + " decision holds nothing");
        }
    }

    public boolean admitted() {
        return decision.outcome().admits();
    }

    /** The model to call: the suggested one after a DOWNGRADE, the requested one otherwise. */
    public String model() {
        return request.model();
    }
}
