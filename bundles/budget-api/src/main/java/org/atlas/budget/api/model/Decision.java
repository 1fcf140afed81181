package org.atlas.budget.api.model;

import java.time.Duration;
import java.util.List;

/**
 * The answer to an admission: the most restrictive outcome of every matching policy.
 *
 * @param outcome        the combined outcome
 * @param policyId       the policy that decided it, or {@code null} when no policy matched
 * @param matches        every matching policy with its bucket; kept as given when it is a
 *                       {@link DeferredMatches} (built on first read), copied otherwise
 * @param suggestedModel for {@code DOWNGRADE}: the model to use instead
 * @param retryAfter     for {@code THROTTLE}: how long to wait before trying again
 * @param reasons        why, in words an operator understands
 */
public record Decision(Outcome outcome, String policyId, List<PolicyMatch> matches, String suggestedModel,
        Duration retryAfter, List<String> reasons) {

    public Decision {
        Checks.required(outcome, "outcome");
        // A DeferredMatches is immutable already, and copying it would build what it defers.
        matches = matches instanceof DeferredMatches ? matches : List.copyOf(matches == null ? List.of() : matches);
        reasons = List.copyOf(reasons == null ? List.of() : reasons);
        if (outcome == Outcome.DOWNGRADE) {
            Checks.text(suggestedModel, "suggestedModel", 200);
        }
        if (outcome == Outcome.THROTTLE) {
            Checks.required(retryAfter, "retryAfter");
            if (retryAfter.isNegative() || retryAfter.isZero()) {
                throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
            }
        }
        if (outcome != Outcome.ALLOW && policyId == null) {
            throw new IllegalArgumentException("a " + outcome + " decision must name the deciding policy");
        }
    }

    /** Allowed with no matching policy at all. */
    public static Decision allowUnconstrained() {
        return new Decision(Outcome.ALLOW, null, List.of(), null, null, List.of("no policy matches"));
    }
}
