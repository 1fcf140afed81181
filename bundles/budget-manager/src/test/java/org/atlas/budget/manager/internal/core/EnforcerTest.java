package org.atlas.budget.manager.internal.core;

import static org.atlas.budget.manager.testing.Policies.policy;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.UnpricedAction;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.manager.testing.ListPrices;
import org.atlas.budget.manager.testing.MutableClock;
import org.junit.Test;

/**
 * The enforcer against the real list prices. gpt-4o costs $2.50 per 1M input and $10 per 1M
 * output tokens, so the standard request here (1,000 input, at most 1,000 output) has a worst
 * case of 0.0025 + 0.01 = $0.0125, and its standard completion (1,000 in, 500 out) costs
 * 0.0025 + 0.005 = $0.0075.
 */
public class EnforcerTest {

    static final Instant START = Instant.parse("2026-11-10T12:00:00Z");
    static final Usage ACTUAL = Usage.builder().inputTokens(1000).outputTokens(500).build();

    final MutableClock clock = new MutableClock(START);
    final ListPrices pricing = new ListPrices();
    final List<String> events = new ArrayList<>();
    final Enforcer enforcer = new Enforcer(() -> pricing, () -> null, new EnforcementEvents() {
        @Override
        public void decided(AdmissionRequest request, Decision decision) {
            events.add("decided " + decision.outcome());
        }

        @Override
        public void overspent(org.atlas.budget.api.model.UsageReport report, String policyId, Money held,
                Money charged) {
            events.add("overspent " + policyId + " " + held.toPlainString() + " " + charged.toPlainString());
        }

        @Override
        public void unpriced(String provider, String model, String requestId, String policyId) {
            events.add("unpriced " + model + " " + policyId);
        }

        @Override
        public void expired(org.atlas.budget.api.model.Hold hold) {
            events.add("expired " + hold.requestId());
        }
    }, clock, Enforcer.Settings.DEFAULT);

    void policies(BudgetPolicy... policies) {
        enforcer.policies(new PolicyIndex(List.of(policies)));
    }

    AdmissionRequest request(Dimensions dims) {
        return new AdmissionRequest("r-" + UUID.randomUUID(), "openai", "gpt-4o", Operation.CHAT, dims,
                Usage.builder().inputTokens(1000).outputTokens(1000).build(), clock.instant());
    }

    AdmissionRequest request() {
        return request(Dimensions.ofUser("alice"));
    }

    UsageRecord completed(Admission admission) {
        return enforcer.complete(admission, admission.request().toReport(admission.model(), true, ACTUAL));
    }

    BucketStatus bucket(BudgetPolicy policy) {
        List<BucketStatus> buckets = enforcer.spend(policy);
        assertEquals(1, buckets.size());
        return buckets.get(0);
    }

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    // ------------------------------------------------------------------ the limit

    @Test
    public void noMatchingPolicyAllowsWithoutHolding() {
        Admission a = enforcer.admit(request());
        assertEquals(Outcome.ALLOW, a.decision().outcome());
        assertTrue(a.hold().isZero());
        assertNull(a.decision().policyId());
    }

    @Test
    public void admissionIdsAreUniqueAcrossThreadsThatShareACounter() throws Exception {
        // 40 threads on 16 counters: several share each, so the numbering must keep them apart.
        policies(policy("g").limit("1000000").build());
        int threads = 40;
        int each = 2_000;
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        Admission admission = enforcer.admit(request());
                        assertTrue("a second " + admission.admissionId(), ids.add(admission.admissionId()));
                        enforcer.abort(admission, Usage.NONE, "test");
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, ids.size());
        assertEquals(0, enforcer.openHolds());
    }

    @Test
    public void holdsTheWorstCaseAndAdmitsUpToTheLimitExactly() {
        BudgetPolicy p = policy("g").limit("0.025").build();
        policies(p);
        Admission first = enforcer.admit(request());
        assertEquals(usd("0.0125"), first.hold());
        Admission second = enforcer.admit(request());
        assertEquals(Outcome.ALLOW, second.decision().outcome()); // 0.0125 + 0.0125 == 0.025: fits exactly
        Admission third = enforcer.admit(request());
        assertEquals(Outcome.BLOCK, third.decision().outcome());
        assertEquals("g", third.decision().policyId());
        assertTrue(third.hold().isZero());
        BucketStatus status = bucket(p);
        assertEquals(usd("0.025"), status.held());
        assertEquals(usd("0"), status.spent());
        assertEquals(usd("0"), status.remaining());
    }

    @Test
    public void settlingChargesTheActualCostAndReleasesTheHold() {
        BudgetPolicy p = policy("g").limit("0.025").build();
        policies(p);
        Admission a = enforcer.admit(request());
        UsageRecord record = completed(a);
        assertEquals(usd("0.0075"), record.charge().cost());
        assertEquals(PricingStatus.PRICED, record.charge().status());
        assertEquals("openai/gpt-4o@2024-10-03", record.charge().priceVersion());
        BucketStatus status = bucket(p);
        assertEquals(usd("0.0075"), status.spent());
        assertEquals(usd("0"), status.held());
        assertEquals(0, enforcer.openHolds());
        // 0.0075 + 0.0125 = 0.02 fits, then 0.0325 would not
        assertEquals(Outcome.ALLOW, enforcer.admit(request()).decision().outcome());
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
    }

    @Test
    public void completingTwiceChargesOnce() {
        BudgetPolicy p = policy("g").limit("1").build();
        policies(p);
        Admission a = enforcer.admit(request());
        UsageRecord first = completed(a);
        UsageRecord again = completed(a);
        // The first record, equal in every field (the memory keeps it compact, not as the object).
        assertEquals(first, again);
        assertEquals(usd("0.0075"), bucket(p).spent());
    }

    @Test
    public void abortReleasesTheHoldAndChargesWhatAStreamConsumed() {
        BudgetPolicy p = policy("g").limit("1").build();
        policies(p);
        enforcer.abort(enforcer.admit(request()), Usage.NONE, "cancelled before sending");
        assertEquals(usd("0"), bucket(p).held());
        assertEquals(usd("0"), bucket(p).spent());
        // A stream cut after 1,000 input and 100 output tokens: 0.0025 + 0.001
        Admission streamed = enforcer.admit(request());
        enforcer.abort(streamed, Usage.builder().inputTokens(1000).outputTokens(100).build(), "client went away");
        assertEquals(usd("0.0035"), bucket(p).spent());
        assertEquals(usd("0"), bucket(p).held());
        // An abort after completion changes nothing
        enforcer.abort(streamed, Usage.NONE, "late");
        assertEquals(usd("0.0035"), bucket(p).spent());
    }

    @Test
    public void expiredHoldsAreReleasedAndALateCompletionIsStillCharged() {
        BudgetPolicy p = policy("g").limit("1").build();
        policies(p);
        Admission a = enforcer.admit(request());
        clock.advance(Duration.ofMinutes(9));
        assertEquals(0, enforcer.sweep());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, enforcer.sweep());
        assertTrue(events.contains("expired " + a.request().requestId()));
        assertEquals(usd("0"), bucket(p).held());
        completed(a);
        assertEquals(usd("0.0075"), bucket(p).spent());
        assertEquals(usd("0"), bucket(p).held());
    }

    @Test
    public void actualCostAboveTheHoldIsChargedInFullAndFlagged() {
        BudgetPolicy p = policy("g").limit("1").build();
        policies(p);
        Admission a = enforcer.admit(request()); // holds 0.0125 for at most 1,000 output tokens
        Usage more = Usage.builder().inputTokens(1000).outputTokens(3000).build(); // 0.0025 + 0.03
        enforcer.complete(a, a.request().toReport("gpt-4o", true, more));
        assertEquals(usd("0.0325"), bucket(p).spent());
        assertEquals(usd("0"), bucket(p).held());
        assertEquals(1, enforcer.overspends());
        assertTrue(events.toString(), events.contains("overspent g 0.0125 0.0325"));
    }

    @Test
    public void checkHoldsNothing() {
        BudgetPolicy p = policy("g").limit("0.0125").build();
        policies(p);
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.ALLOW, enforcer.check(request()).outcome());
        }
        assertEquals(usd("0"), bucket(p).held());
        assertEquals(0, enforcer.openHolds());
    }

    // ------------------------------------------------------------------ scopes

    @Test
    public void fixedScopeValuesMatchOnlyTheirValue() {
        Dimensions dims = new Dimensions("alice", "apollo", "red", null, Set.of("batch", "nightly"));
        String[][] cases = {{"USER", "alice", "bob"}, {"PROJECT", "apollo", "zeus"}, {"TEAM", "red", "blue"},
                {"PROVIDER", "OpenAI", "anthropic"}, {"MODEL", "GPT-4o", "gpt-4o-mini"}, {"TAG", "nightly", "daily"}};
        for (String[] c : cases) {
            Scope scope = Scope.valueOf(c[0]);
            BudgetPolicy matching = policy("m").scope(scope, c[1]).limit("0.01").build();
            BudgetPolicy other = policy("o").scope(scope, c[2]).limit("0.01").build();
            policies(matching, other);
            Decision d = enforcer.admit(request(dims)).decision();
            assertEquals(c[0], Outcome.BLOCK, d.outcome());
            assertEquals(c[0], "m", d.policyId());
            assertEquals(c[0], 1, d.matches().size());
        }
    }

    @Test
    public void eachValueGetsItsOwnBudget() {
        BudgetPolicy perUser = policy("per-user").scope(Scope.USER, "*").limit("0.0125").build();
        policies(perUser);
        assertEquals(Outcome.ALLOW, enforcer.admit(request(Dimensions.ofUser("alice"))).decision().outcome());
        assertEquals(Outcome.BLOCK, enforcer.admit(request(Dimensions.ofUser("alice"))).decision().outcome());
        assertEquals(Outcome.ALLOW, enforcer.admit(request(Dimensions.ofUser("bob"))).decision().outcome());
        // A request without a user is not charged to any user's budget
        assertEquals(Outcome.ALLOW, enforcer.admit(request(Dimensions.NONE)).decision().outcome());
        List<BucketStatus> buckets = enforcer.spend(perUser);
        assertEquals(List.of("alice", "bob"), buckets.stream().map(BucketStatus::scopeValue).toList());
    }

    @Test
    public void eachTagIsChargedSeparately() {
        BudgetPolicy perTag = policy("per-tag").scope(Scope.TAG, "*").limit("0.02").build();
        policies(perTag);
        Dimensions two = new Dimensions("alice", null, null, null, Set.of("a", "b"));
        Admission a = enforcer.admit(request(two));
        assertEquals(2, a.decision().matches().size());
        assertEquals(2, enforcer.spend(perTag).size());
        assertEquals(Outcome.BLOCK, enforcer.admit(request(two)).decision().outcome());
    }

    @Test
    public void disabledPoliciesAreIgnored() {
        policies(policy("off").limit("0.001").disabled().build());
        assertEquals(Outcome.ALLOW, enforcer.admit(request()).decision().outcome());
    }

    // ------------------------------------------------------------------ actions

    @Test
    public void warnAdmitsPastTheLimitAndFlagsIt() {
        BudgetPolicy p = policy("soft").limit("0.01").action(LimitAction.WARN).build();
        policies(p);
        Admission a = enforcer.admit(request());
        assertEquals(Outcome.WARN, a.decision().outcome());
        assertEquals("soft", a.decision().policyId());
        assertEquals(usd("0.0125"), a.hold());
        assertTrue(a.decision().reasons().get(0), a.decision().reasons().get(0).contains("would exceed"));
        assertTrue(events.contains("decided WARN"));
    }

    @Test
    public void softThresholdsWarnBeforeTheLimit() {
        BudgetPolicy p = policy("t").limit("0.05").thresholds(50, 80).build();
        policies(p);
        assertEquals(Outcome.ALLOW, enforcer.admit(request()).decision().outcome()); // 25%
        Decision half = enforcer.admit(request()).decision(); // 50%
        assertEquals(Outcome.WARN, half.outcome());
        assertTrue(half.reasons().get(0), half.reasons().get(0).contains("50%"));
        Decision eighty = enforcer.admit(request()).decision(); // 75% -> still 50
        assertTrue(eighty.reasons().get(0).contains("50%"));
        Decision full = enforcer.admit(request()).decision(); // 100%
        assertTrue(full.reasons().get(0), full.reasons().get(0).contains("80%"));
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
    }

    @Test
    public void throttleInACalendarPeriodWaitsForTheReset() {
        BudgetPolicy p = policy("th").limit("0.015").action(LimitAction.THROTTLE).period(PeriodKind.DAILY).build();
        policies(p);
        completed(enforcer.admit(request())); // 0.0075 spent; 0.0075 + 0.0125 > 0.015
        Decision d = enforcer.admit(request()).decision();
        assertEquals(Outcome.THROTTLE, d.outcome());
        assertEquals(Duration.ofHours(12), d.retryAfter()); // 12:00 until midnight UTC
    }

    @Test
    public void throttleBehindCallsInFlightRetriesSoon() {
        BudgetPolicy p = policy("th").limit("0.02").action(LimitAction.THROTTLE).build();
        policies(p);
        enforcer.admit(request());
        Decision d = enforcer.admit(request()).decision();
        assertEquals(Outcome.THROTTLE, d.outcome());
        assertEquals(Enforcer.Settings.DEFAULT.throttleRetry(), d.retryAfter());
    }

    @Test
    public void throttleInARollingWindowWaitsUntilEnoughAgesOut() {
        // gpt-4o-mini at $0.15 / $0.60: the completion costs 0.00015 + 0.0003 = 0.00045; then
        // 0.00045 + 0.0125 > 0.0129, and the call fits once that spend has aged out.
        BudgetPolicy p = policy("th").limit("0.0129").action(LimitAction.THROTTLE).period(PeriodKind.ROLLING_24H)
                .build();
        policies(p);
        Admission a = enforcer.admit(request(Dimensions.NONE).withModel("gpt-4o-mini"));
        completed(a);
        clock.advance(Duration.ofHours(1));
        Decision d = enforcer.admit(request()).decision();
        assertEquals(Outcome.THROTTLE, d.outcome());
        // The spend at 12:00 ages out at the end of its 10-minute slot plus 24h: 12:10 next day.
        assertEquals(Duration.ofHours(23).plusMinutes(10), d.retryAfter());
    }

    @Test
    public void throttleThatCanNeverFitBlocks() {
        BudgetPolicy p = policy("th").limit("0.01").action(LimitAction.THROTTLE).period(PeriodKind.LIFETIME).build();
        policies(p);
        Decision d = enforcer.admit(request()).decision();
        assertEquals(Outcome.BLOCK, d.outcome());
        assertTrue(d.reasons().toString(), d.reasons().get(0).contains("waiting cannot make it fit"));
    }

    @Test
    public void downgradeSuggestsTheCheapestModelWhoseWorstCaseFits() {
        BudgetPolicy p = policy("dg").limit("0.01").action(LimitAction.DOWNGRADE).build();
        policies(p);
        Admission a = enforcer.admit(request());
        assertEquals(Outcome.DOWNGRADE, a.decision().outcome());
        assertEquals("dg", a.decision().policyId());
        assertNotNull(a.decision().suggestedModel());
        assertEquals(a.decision().suggestedModel(), a.model());
        assertFalse(a.hold().isZero());
        assertTrue(a.hold().compareTo(usd("0.01")) <= 0);
        // The hold is real: completing charges the cheaper model's actual cost
        UsageRecord record = completed(a);
        assertEquals(a.model(), record.report().model());
        assertTrue(record.charge().cost().compareTo(usd("0.0075")) < 0);
    }

    @Test
    public void downgradeWithNothingThatFitsBlocks() {
        BudgetPolicy p = policy("dg").limit("0.000000001").action(LimitAction.DOWNGRADE).build();
        policies(p);
        Decision d = enforcer.admit(request()).decision();
        assertEquals(Outcome.BLOCK, d.outcome());
        assertTrue(d.reasons().toString(), d.reasons().toString().contains("no cheaper model"));
    }

    @Test
    public void theMostRestrictivePolicyDecidesAndEveryMatchIsReported() {
        BudgetPolicy warn = policy("warn").limit("0.01").action(LimitAction.WARN).build();
        BudgetPolicy block = policy("block").scope(Scope.USER, "alice").limit("0.01").build();
        BudgetPolicy roomy = policy("roomy").scope(Scope.PROVIDER, "openai").limit("100").build();
        policies(warn, block, roomy);
        Decision d = enforcer.admit(request()).decision();
        assertEquals(Outcome.BLOCK, d.outcome());
        assertEquals("block", d.policyId());
        assertEquals(3, d.matches().size());
        assertEquals(Set.of("warn", "block", "roomy"),
                Set.copyOf(d.matches().stream().map(m -> m.policyId()).toList()));
    }

    @Test
    public void betweenEquallyRestrictivePoliciesTheHigherPriorityDecides() {
        policies(policy("a").limit("0.01").priority(1).build(),
                policy("b").scope(Scope.USER, "alice").limit("0.01").priority(5).build());
        assertEquals("b", enforcer.admit(request()).decision().policyId());
        policies(policy("a").limit("0.01").priority(9).build(),
                policy("b").scope(Scope.USER, "alice").limit("0.01").priority(5).build());
        assertEquals("a", enforcer.admit(request()).decision().policyId());
    }

    @Test
    public void aBlockedRequestHoldsNothingAnywhere() {
        BudgetPolicy roomy = policy("roomy").limit("100").build();
        BudgetPolicy tight = policy("tight").scope(Scope.USER, "alice").limit("0.01").build();
        policies(roomy, tight);
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
        assertEquals(usd("0"), bucket(roomy).held());
    }

    // ------------------------------------------------------------------ periods

    @Test
    public void aNewPeriodIsANewBucketAndTheOldOneIsKept() {
        BudgetPolicy p = policy("daily").limit("0.0125").period(PeriodKind.DAILY).build();
        policies(p);
        completed(enforcer.admit(request()));
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
        clock.set(Instant.parse("2026-11-11T00:00:00Z"));
        assertEquals(Outcome.ALLOW, enforcer.admit(request()).decision().outcome());
        BucketStatus today = bucket(p);
        assertEquals(Instant.parse("2026-11-11T00:00:00Z"), today.periodStart());
        assertEquals(Instant.parse("2026-11-12T00:00:00Z"), today.resetsAt());
    }

    @Test
    public void everyCalendarPeriodResetsAtItsBoundaryInItsZone() {
        Object[][] cases = {
                {PeriodKind.HOURLY, "2026-11-10T12:59:59Z", "2026-11-10T13:00:00Z"},
                {PeriodKind.DAILY, "2026-11-10T23:59:59Z", "2026-11-11T00:00:00Z"},
                {PeriodKind.WEEKLY, "2026-11-15T23:59:59Z", "2026-11-16T00:00:00Z"},
                {PeriodKind.MONTHLY, "2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z"},
                {PeriodKind.QUARTERLY, "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"},
                {PeriodKind.YEARLY, "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"}};
        for (Object[] c : cases) {
            clock.set(START);
            BudgetPolicy p = policy("p-" + c[0]).limit("0.0125").period((PeriodKind) c[0]).build();
            policies(p);
            completed(enforcer.admit(request()));
            clock.set(Instant.parse((String) c[1]));
            assertEquals(c[0] + " before", Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
            clock.set(Instant.parse((String) c[2]));
            assertEquals(c[0] + " after", Outcome.ALLOW, enforcer.admit(request()).decision().outcome());
            enforcer.forget(p.id());
        }
    }

    @Test
    public void dailyPeriodFollowsThePolicyTimeZone() {
        BudgetPolicy p = policy("tokyo").limit("0.0125")
                .period(Period.of(PeriodKind.DAILY, ZoneId.of("Asia/Tokyo"))).build();
        policies(p);
        completed(enforcer.admit(request())); // 12:00Z is 21:00 in Tokyo
        clock.set(Instant.parse("2026-11-10T14:59:59Z"));
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
        clock.set(Instant.parse("2026-11-10T15:00:00Z")); // midnight in Tokyo
        assertEquals(Outcome.ALLOW, enforcer.admit(request()).decision().outcome());
    }

    @Test
    public void rollingWindowForgetsSpendOnlyAfterTheWindow() {
        BudgetPolicy p = policy("r").limit("0.0125").period(PeriodKind.ROLLING_24H).build();
        policies(p);
        completed(enforcer.admit(request()));
        clock.set(START.plus(Duration.ofHours(24)));
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
        clock.set(START.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(10)));
        assertEquals(Outcome.ALLOW, enforcer.admit(request()).decision().outcome());
    }

    @Test
    public void lifetimeNeverResets() {
        BudgetPolicy p = policy("life").limit("0.0125").period(PeriodKind.LIFETIME).build();
        policies(p);
        completed(enforcer.admit(request()));
        clock.set(Instant.parse("2031-01-01T00:00:00Z"));
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
    }

    @Test
    public void customPeriodAppliesOnlyWithinItsRange() {
        BudgetPolicy p = policy("launch").limit("0.001")
                .period(Period.custom(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-15T00:00:00Z")))
                .build();
        policies(p);
        assertEquals(Outcome.BLOCK, enforcer.admit(request()).decision().outcome());
        clock.set(Instant.parse("2026-11-15T00:00:00Z"));
        assertEquals(Outcome.ALLOW, enforcer.admit(request()).decision().outcome());
    }

    @Test
    public void rolloverCarriesUnusedBudgetUpToTheCapWithoutCompounding() {
        BudgetPolicy p = policy("ro").limit("0.05").rollover(50).build();
        policies(p);
        completed(enforcer.admit(request())); // November: 0.0075 spent of 0.05
        clock.set(Instant.parse("2026-12-02T00:00:00Z"));
        enforcer.admit(request()).decision(); // December bucket created: carry min(0.025, 0.0425)
        BucketStatus december = bucket(p);
        assertEquals(usd("0.075"), december.effectiveLimit());
        clock.set(Instant.parse("2027-01-02T00:00:00Z"));
        enforcer.admit(request());
        // December left 0.075 - 0.0125 held unused, but the carry stays capped at 50% of 0.05
        assertEquals(usd("0.075"), bucket(p).effectiveLimit());
    }

    @Test
    public void rolloverCarriesOnlyWhatWasLeft() {
        BudgetPolicy p = policy("ro").limit("0.02").rollover(100).build();
        policies(p);
        completed(enforcer.admit(request())); // 0.0075 of 0.02 spent: 0.0125 left
        clock.set(Instant.parse("2026-12-02T00:00:00Z"));
        enforcer.admit(request());
        assertEquals(usd("0.0325"), bucket(p).effectiveLimit());
    }

    @Test
    public void aPeriodWithoutCallsCarriesTheCapWhenThePolicyWasInForceAllOfIt() {
        BudgetPolicy p = policy("idle").limit("0.05").rollover(50).build();
        policies(p); // in force from 2026-11-10: November is not known in full
        clock.set(Instant.parse("2026-12-05T00:00:00Z"));
        enforcer.admit(request());
        assertEquals("November was only partly known: nothing carries", usd("0.05"), bucket(p).effectiveLimit());
        clock.set(Instant.parse("2027-02-03T00:00:00Z"));
        enforcer.admit(request()); // January had no call at all, and the policy was in force all month
        assertEquals(usd("0.075"), bucket(p).effectiveLimit());
    }

    // ------------------------------------------------------------------ unpriced models

    AdmissionRequest unknownModel() {
        return new AdmissionRequest("u-" + UUID.randomUUID(), "openai", "gpt-7-preview", Operation.CHAT,
                Dimensions.NONE, Usage.builder().inputTokens(1000).outputTokens(1000).build(), clock.instant());
    }

    @Test
    public void unpricedModelsAreBlockedByDefault() {
        policies(policy("g").limit("100").build());
        Decision d = enforcer.admit(unknownModel()).decision();
        assertEquals(Outcome.BLOCK, d.outcome());
        assertTrue(d.reasons().toString(), d.reasons().get(0).contains("blocks unpriced models"));
    }

    @Test
    public void unpricedModelsCanBePricedAtFallbackRates() {
        BudgetPolicy p = policy("g").limit("100").unpriced(UnpricedAction.FALLBACK, TokenRates.of("10", "30")).build();
        policies(p);
        Admission a = enforcer.admit(unknownModel());
        assertEquals(Outcome.ALLOW, a.decision().outcome());
        assertEquals(usd("0.04"), a.hold()); // 1,000 x 10 + 1,000 x 30 per 1M
        UsageRecord r = enforcer.complete(a, a.request().toReport(a.model(), true, ACTUAL));
        assertEquals(PricingStatus.FALLBACK, r.charge().status());
        assertEquals(usd("0.025"), r.charge().cost()); // 1,000 x 10 + 500 x 30 per 1M
        assertEquals(usd("0.025"), bucket(p).spent());
        assertTrue(events.contains("unpriced gpt-7-preview g"));
    }

    @Test
    public void unpricedModelsCanBeAllowedAndFlaggedButAreNeverFree() {
        BudgetPolicy p = policy("g").limit("100").unpriced(UnpricedAction.ALLOW_AND_FLAG, null).build();
        policies(p);
        Admission a = enforcer.admit(unknownModel());
        assertEquals(Outcome.WARN, a.decision().outcome());
        UsageRecord r = enforcer.complete(a, a.request().toReport(a.model(), true, ACTUAL));
        assertEquals(PricingStatus.UNPRICED, r.charge().status());
        assertNull(r.charge().cost());
        assertEquals(2, enforcer.unpricedCalls());
    }

    @Test
    public void exactMoneyEvenForTinyCalls() {
        BudgetPolicy p = policy("g").limit("1").build();
        policies(p);
        AdmissionRequest one = new AdmissionRequest("tiny", "openai", "gpt-4o", Operation.CHAT, Dimensions.NONE,
                Usage.builder().inputTokens(1).outputTokens(1).build(), clock.instant());
        Admission a = enforcer.admit(one);
        assertEquals(new BigDecimal("0.000012500"), a.hold().amount()); // 2.5e-6 + 1e-5
        enforcer.complete(a, one.toReport("gpt-4o", true, Usage.builder().inputTokens(1).build()));
        assertEquals(usd("0.0000025"), bucket(p).spent());
    }
}
