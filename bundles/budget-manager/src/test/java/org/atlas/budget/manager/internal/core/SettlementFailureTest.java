package org.atlas.budget.manager.internal.core;

import static org.atlas.budget.manager.testing.Policies.policy;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.manager.testing.ListPrices;
import org.atlas.budget.manager.testing.MutableClock;
import org.junit.Test;

/**
 * Guarantee 3 when a completion fails half-way: the pricing registry is gone (a bundle
 * restarting) or the recorder cannot store the record. A failed completion may be retried, and
 * the hold must still end exactly once and the call be charged exactly once.
 *
 * <p>The standard call: gpt-4o, 1,000 input and at most 1,000 output tokens, held at $0.0125;
 * completed with 500 output tokens, it costs $0.0075.
 */
public class SettlementFailureTest {

    static final Instant START = Instant.parse("2026-11-10T12:00:00Z");
    static final long HELD = 12_500_000L;
    static final long COST = 7_500_000L;

    final MutableClock clock = new MutableClock(START);
    final ListPrices prices = new ListPrices();
    final AtomicBoolean pricingAvailable = new AtomicBoolean(true);
    final FlakyRecorder recorder = new FlakyRecorder();
    final Enforcer enforcer = new Enforcer(() -> pricingAvailable.get() ? prices : (PricingRegistry) null,
            () -> recorder, EnforcementEvents.NONE, clock, Enforcer.Settings.DEFAULT);
    final BudgetPolicy budget = policy("g").limit("1").build();

    /** A recorder that fails while told to, like a store that is briefly unreachable. */
    static final class FlakyRecorder implements UsageTracker {
        volatile boolean failing;

        @Override
        public UsageRecord record(UsageReport report) {
            throw new UnsupportedOperationException("the enforcer records with a charge");
        }

        @Override
        public UsageRecord record(UsageReport report, Charge charge, java.util.List<org.atlas.budget.api.model.LedgerEntry> ledger) {
            if (failing) {
                throw new BudgetUnavailableException("the store is unreachable");
            }
            return new UsageRecord(report, charge, report.timestamp());
        }

        @Override
        public List<UsageRecord> recordAll(List<UsageReport> reports) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<UsageRecord> find(String requestId) {
            return Optional.empty();
        }

        @Override
        public Page<UsageRecord> history(UsageQuery query) {
            throw new UnsupportedOperationException();
        }
    }

    Admission admitted() {
        enforcer.policies(new PolicyIndex(List.of(budget)));
        AdmissionRequest request = new AdmissionRequest("call-1", "openai", "gpt-4o", Operation.CHAT,
                Dimensions.ofUser("alice"), Usage.builder().inputTokens(1000).outputTokens(1000).build(),
                clock.instant());
        Admission admission = enforcer.admit(request);
        assertEquals(Outcome.ALLOW, admission.decision().outcome());
        return admission;
    }

    UsageReport report(Admission admission) {
        return admission.request().toReport("gpt-4o", true,
                Usage.builder().inputTokens(1000).outputTokens(500).build());
    }

    BucketStatus bucket() {
        return enforcer.spend(budget).get(0);
    }

    @Test
    public void aCompletionThatSucceedsLeavesNothingHeld() {
        Admission admission = admitted();
        enforcer.complete(admission, report(admission));
        assertEquals(COST, bucket().spent().toNanos());
        assertEquals(0, bucket().held().toNanos());
        assertEquals(0, enforcer.openHolds());
    }

    @Test
    public void aHoldWhoseCompletionFailedToPriceStillEnds() {
        Admission admission = admitted();
        pricingAvailable.set(false);
        try {
            enforcer.complete(admission, report(admission));
            fail("pricing is unavailable");
        } catch (BudgetUnavailableException expected) {
            // the host sees the failure and may retry
        }
        pricingAvailable.set(true);
        // Nobody retries: the hold must expire like any abandoned hold.
        clock.advance(Enforcer.Settings.DEFAULT.holdTtl().plus(Duration.ofMinutes(1)));
        enforcer.sweep();
        assertEquals(0, enforcer.openHolds());
        assertEquals("the hold ended", 0, bucket().held().toNanos());
        assertEquals(0, bucket().spent().toNanos());
    }

    @Test
    public void aRetriedCompletionAfterAPricingFailureSettlesTheHold() {
        Admission admission = admitted();
        pricingAvailable.set(false);
        try {
            enforcer.complete(admission, report(admission));
            fail("pricing is unavailable");
        } catch (BudgetUnavailableException expected) {
            // retried below
        }
        pricingAvailable.set(true);
        enforcer.complete(admission, report(admission));
        assertEquals(COST, bucket().spent().toNanos());
        assertEquals("the hold ended", 0, bucket().held().toNanos());
        assertEquals(0, enforcer.openHolds());
    }

    @Test
    public void aRetriedCompletionAfterTheRecorderFailedChargesTheLedgerOnce() {
        Admission admission = admitted();
        recorder.failing = true;
        try {
            enforcer.complete(admission, report(admission));
            fail("the recorder is failing");
        } catch (BudgetUnavailableException expected) {
            // the host sees the failure and retries once the store is back
        }
        recorder.failing = false;
        UsageRecord record = enforcer.complete(admission, report(admission));
        assertEquals(COST, record.charge().cost().toNanos());
        assertEquals("charged once", COST, bucket().spent().toNanos());
        assertEquals(0, bucket().held().toNanos());
        assertEquals(0, enforcer.openHolds());
    }

    @Test
    public void aFailedCompletionIsReportedToTheCaller() {
        Admission admission = admitted();
        recorder.failing = true;
        try {
            enforcer.complete(admission, report(admission));
            fail("the recorder is failing");
        } catch (BudgetUnavailableException expected) {
            assertEquals("the store is unreachable", expected.getMessage());
        }
        assertEquals("no hold is left open in the enforcer's books", 0, enforcer.openHolds());
        assertEquals(0, bucket().held().toNanos());
        assertEquals("the ledger settled before recording failed", COST, bucket().spent().toNanos());
    }
}
