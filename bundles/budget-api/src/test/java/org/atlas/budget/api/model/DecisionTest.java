package org.atlas.budget.api.model;

import static org.atlas.budget.api.model.UsageReportTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Test;

public class DecisionTest {

    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    public void outcomesAreOrderedByRestrictiveness() {
        assertEquals(Outcome.BLOCK, Outcome.mostRestrictive(Outcome.WARN, Outcome.BLOCK));
        assertEquals(Outcome.THROTTLE, Outcome.mostRestrictive(Outcome.THROTTLE, Outcome.DOWNGRADE));
        assertEquals(Outcome.WARN, Outcome.mostRestrictive(Outcome.ALLOW, Outcome.WARN));
        assertTrue(Outcome.DOWNGRADE.isMoreRestrictiveThan(Outcome.WARN));
        assertFalse(Outcome.ALLOW.isMoreRestrictiveThan(Outcome.ALLOW));
        assertTrue(Outcome.DOWNGRADE.admits());
        assertFalse(Outcome.THROTTLE.admits());
        assertFalse(Outcome.BLOCK.admits());
        for (LimitAction action : LimitAction.values()) {
            assertEquals(action.name(), Outcome.of(action).name());
        }
    }

    @Test
    public void downgradeNeedsAModelAndThrottleAWait() {
        assertMessage("suggestedModel is required",
                () -> new Decision(Outcome.DOWNGRADE, "p", null, null, null, null));
        assertMessage("retryAfter is required", () -> new Decision(Outcome.THROTTLE, "p", null, null, null, null));
        assertMessage("retryAfter must be positive",
                () -> new Decision(Outcome.THROTTLE, "p", null, null, Duration.ZERO, null));
        assertMessage("must name the deciding policy",
                () -> new Decision(Outcome.BLOCK, null, null, null, null, List.of("no")));
        assertEquals(Outcome.ALLOW, Decision.allowUnconstrained().outcome());
    }

    @Test
    public void bucketStatusComputesRemainingAndPercent() {
        BucketStatus b = new BucketStatus("p", "*", T, null, Money.of("6", "USD"), Money.of("1.5", "USD"),
                Money.of("10", "USD"), Money.of("12", "USD"));
        assertEquals(Money.of("4.5", "USD"), b.remaining());
        assertEquals(new BigDecimal("62.50"), b.percent());
        BucketStatus over = new BucketStatus("p", "*", T, null, Money.of("13", "USD"), Money.of("0", "USD"),
                Money.of("10", "USD"), Money.of("10", "USD"));
        assertTrue(over.remaining().isNegative());
        assertEquals(new BigDecimal("130.00"), over.percent());
        PolicyMatch m = new PolicyMatch(b, Outcome.ALLOW, "within limit");
        assertEquals("p", m.policyId());
    }

    @Test
    public void admissionHoldsOnlyWhenAdmitted() {
        AdmissionRequest request = AdmissionRequest.chat("r1", "openai", "gpt-4o", null, 1000, 500);
        assertEquals(500, request.estimate().outputTokens());
        Decision allow = Decision.allowUnconstrained();
        Admission a = new Admission("a1", request, allow, Money.of("0.01", "USD"), T.plusSeconds(60));
        assertTrue(a.admitted());
        assertEquals("gpt-4o", a.model());
        Decision block = new Decision(Outcome.BLOCK, "p", null, null, null, List.of("limit reached"));
        assertMessage("holds nothing", () -> new Admission("a1", request, block, Money.of("0.01", "USD"),
                T.plusSeconds(60)));
        assertFalse(new Admission(null, request, block, Money.of("0", "USD"), null).admitted());
        assertMessage("needs an admissionId and an expiry",
                () -> new Admission(null, request, allow, Money.of("1", "USD"), null));
        assertMessage("hold must not be negative",
                () -> new Admission("a", request, allow, Money.of("-1", "USD"), T));
    }

    @Test
    public void requestBecomesAReportOfTheModelActuallyCalled() {
        AdmissionRequest request = AdmissionRequest.chat("r1", "OpenAI", "gpt-4o", Dimensions.ofUser("u"), 10, 20);
        UsageReport report = request.withModel("gpt-4o-mini").toReport("gpt-4o-mini", true, Usage.NONE);
        assertEquals("gpt-4o-mini", report.model());
        assertEquals("openai", report.provider());
        assertEquals("u", report.dimensions().userId());
        assertEquals("r1", report.requestId());
    }

    @Test
    public void holdsAreValidated() {
        BucketKey key = new BucketKey("p", "*", T);
        Hold h = new Hold("a", "r", java.util.Map.of(key, Money.of("1", "USD")), T, T.plusSeconds(5));
        assertEquals(java.util.Set.of(key), h.amounts().keySet());
        assertMessage("cannot expire before", () -> new Hold("a", "r", java.util.Map.of(key, Money.of("1", "USD")), T,
                T.minusSeconds(1)));
        assertMessage("a hold must not be negative", () -> new Hold("a", "r",
                java.util.Map.of(key, Money.of("-1", "USD")), T, T));
        assertMessage("policyId may contain only", () -> new BucketKey("a/b", "*", T));
    }
}
