package org.atlas.budget.manager.internal.journal;

import static org.atlas.budget.manager.testing.Policies.policy;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.manager.internal.core.EnforcementEvents;
import org.atlas.budget.manager.internal.core.Enforcer;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.manager.testing.ListPrices;
import org.atlas.budget.manager.testing.MemoryStore;
import org.atlas.budget.manager.testing.MutableClock;
import org.junit.After;
import org.junit.Test;

/**
 * A restart in miniature: one enforcer admits and settles with its holds journaled to a store,
 * a second one (the restarted process) rebuilds its ledger from that store. Prices are the real
 * list prices: the standard request holds $0.0125 and its completion costs $0.0075.
 */
public class LedgerRestoreTest {

    static final Instant START = Instant.parse("2026-11-10T12:00:00Z");
    static final Usage ACTUAL = Usage.builder().inputTokens(1000).outputTokens(500).build();

    final MutableClock clock = new MutableClock(START);
    final ListPrices pricing = new ListPrices();
    final MemoryStore store = new MemoryStore();
    final HoldJournal journal = new HoldJournal(() -> store, 3_600_000);

    final BudgetPolicy monthly = policy("monthly").limit("1").build();
    final BudgetPolicy perUser = policy("per-user").scope(Scope.USER, "*").period(PeriodKind.ROLLING_24H).limit("1")
            .build();
    final BudgetPolicy rollover = policy("rollover").period(PeriodKind.DAILY).limit("1").rollover(50).build();

    @After
    public void close() {
        journal.close();
    }

    Enforcer enforcer() {
        Enforcer enforcer = new Enforcer(() -> pricing, () -> null, new EnforcementEvents() {
            @Override
            public void decided(AdmissionRequest request, Decision decision) {
            }

            @Override
            public void overspent(org.atlas.budget.api.model.UsageReport report, String policyId, Money held,
                    Money charged) {
            }

            @Override
            public void unpriced(String provider, String model, String requestId, String policyId) {
            }

            @Override
            public void expired(org.atlas.budget.api.model.Hold hold) {
            }
        }, clock, Enforcer.Settings.DEFAULT);
        enforcer.policies(new PolicyIndex(List.of(monthly, perUser, rollover)));
        return enforcer;
    }

    static AdmissionRequest request(Instant at) {
        return new AdmissionRequest("r-" + UUID.randomUUID(), "openai", "gpt-4o", Operation.CHAT,
                Dimensions.ofUser("alice"), Usage.builder().inputTokens(1000).outputTokens(1000).build(), at);
    }

    /** Completes and records, as the tracker would. */
    UsageRecord complete(Enforcer enforcer, Admission admission) {
        UsageRecord record = enforcer.complete(admission, admission.request().toReport(admission.model(), true, ACTUAL));
        store.append(List.of(record));
        return record;
    }

    static BucketStatus only(List<BucketStatus> buckets) {
        assertEquals(1, buckets.size());
        return buckets.get(0);
    }

    @Test
    public void aRestartRebuildsSpendAndOpenHoldsExactly() {
        Enforcer before = enforcer();
        before.journal(journal);
        // Yesterday's spend only counts through the rollover carry and the rolling window.
        Admission yesterday = before.admit(request(clock.instant()));
        clock.advance(Duration.ofHours(13));
        complete(before, yesterday);
        complete(before, before.admit(request(clock.instant())));
        complete(before, before.admit(request(clock.instant())));
        Admission inFlight = before.admit(request(clock.instant()));
        Admission shortCall = before.admit(request(clock.instant()));
        complete(before, shortCall);
        journal.flush();
        assertEquals("only the call still in flight is held in the store", List.of(inFlight.admissionId()),
                store.openHolds().stream().map(h -> h.admissionId()).toList());

        Enforcer after = enforcer();
        LedgerRestore.Outcome outcome = LedgerRestore.restore(store, after, clock.instant());
        assertEquals(1, outcome.holds());
        for (BudgetPolicy p : List.of(monthly, perUser, rollover)) {
            BucketStatus was = only(before.spend(p));
            BucketStatus is = only(after.spend(p));
            assertEquals(p.id() + " spent", was.spent(), is.spent());
            assertEquals(p.id() + " held", was.held(), is.held());
            assertEquals(p.id() + " effective limit", was.effectiveLimit(), is.effectiveLimit());
        }
        assertEquals(Money.of("0.0300", "USD"), only(after.spend(monthly)).spent());
        assertEquals(Money.of("0.0125", "USD"), only(after.spend(monthly)).held());

        // The call in flight completes against the restarted process: its hold is settled once.
        complete(after, inFlight);
        assertEquals(Money.of("0.0375", "USD"), only(after.spend(monthly)).spent());
        assertEquals(Money.of("0", "USD"), only(after.spend(monthly)).held());
    }

    @Test
    public void expiredAndAlreadySettledHoldsAreEndedNotHeldAgain() {
        Enforcer before = enforcer();
        before.journal(journal);
        Admission expires = before.admit(request(clock.instant()));
        Admission settled = before.admit(request(clock.instant()));
        journal.flush();
        // Settled and recorded, but the process dies before the end of its hold is written.
        complete(before, settled);
        clock.advance(Enforcer.Settings.DEFAULT.holdTtl().plusSeconds(1));

        Enforcer after = enforcer();
        LedgerRestore.Outcome outcome = LedgerRestore.restore(store, after, clock.instant());
        assertEquals(0, outcome.holds());
        assertEquals(2, outcome.endedHolds());
        assertTrue(store.openHolds().isEmpty());
        assertEquals(0, after.openHolds());
        assertEquals(Money.of("0.0075", "USD"), only(after.spend(monthly)).spent());
        assertTrue(expires.admissionId() != null);
    }

    @Test
    public void aHoldOpenedAndEndedBetweenFlushesIsNeverWritten() {
        Enforcer enforcer = enforcer();
        enforcer.journal(journal);
        for (int i = 0; i < 100; i++) {
            complete(enforcer, enforcer.admit(request(clock.instant())));
        }
        journal.flush();
        assertEquals(0, store.holdWrites.get());
    }

    @Test
    public void aFailingStoreKeepsTheJournalUntilItAnswers() {
        Enforcer enforcer = enforcer();
        enforcer.journal(journal);
        Admission first = enforcer.admit(request(clock.instant()));
        store.down = true;
        journal.flush();
        Admission second = enforcer.admit(request(clock.instant()));
        enforcer.abort(first, Usage.NONE, "cancelled");
        journal.flush();
        store.down = false;
        journal.flush();
        assertEquals(List.of(second.admissionId()), store.openHolds().stream().map(h -> h.admissionId()).toList());
    }
}
