package org.atlas.budget.tracking.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.UnpricedAction;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.manager.internal.core.EnforcementEvents;
import org.atlas.budget.manager.internal.core.Enforcer;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.tracking.testing.InMemoryStore;
import org.atlas.budget.tracking.testing.ListPrices;
import org.junit.Test;

/**
 * A report recorded without an admission still counts against the budgets: the tracker hands it
 * to the interceptor (here the budget manager's real Enforcer), which charges the budgets the
 * report matches and calls back to store it with its ledger entries. gpt-4o at 1,000 input and
 * 500 output tokens costs 0.0025 + 0.005 = $0.0075.
 */
public class RecorderBudgetsTest {

    static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");
    static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");
    static final Usage USAGE = Usage.builder().inputTokens(1000).outputTokens(500).build();
    static final Money COST = Money.of("0.0075", "USD");

    final InMemoryStore store = new InMemoryStore();
    final ListPrices pricing = new ListPrices();
    final List<UsageRecord> events = new CopyOnWriteArrayList<>();
    final AtomicReference<Recorder> tracker = new AtomicReference<>();
    final Enforcer enforcer = new Enforcer(() -> pricing, tracker::get, EnforcementEvents.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC), Enforcer.Settings.DEFAULT);
    final AtomicInteger completions = new AtomicInteger();

    /** The manager's interceptor, reduced to what it does: the Enforcer. */
    final UsageInterceptor interceptor = new UsageInterceptor() {
        @Override
        public Admission admit(AdmissionRequest request) {
            return enforcer.admit(request);
        }

        @Override
        public UsageRecord complete(Admission admission, UsageReport actual) {
            completions.incrementAndGet();
            return enforcer.complete(admission, actual);
        }

        @Override
        public void abort(Admission admission, Usage consumed, String cause) {
            enforcer.abort(admission, consumed, cause);
        }
    };

    final BudgetPolicy monthly = new BudgetPolicy("team-monthly", "Team", Scope.GLOBAL, null,
            Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC")), Money.of("1", "USD"), List.of(80), LimitAction.BLOCK,
            Rollover.NONE, UnpricedAction.BLOCK, null, true, 0);

    Recorder recorder(UsageInterceptor withInterceptor) {
        Recorder recorder = new Recorder(store, () -> pricing, () -> withInterceptor, events::add,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));
        tracker.set(recorder);
        enforcer.policies(new PolicyIndex(List.of(monthly)));
        return recorder;
    }

    static UsageReport report(String id) {
        return new UsageReport(id, "openai", "gpt-4o", org.atlas.budget.api.model.Operation.CHAT,
                NOW.minusSeconds(30), true, null, USAGE);
    }

    BucketStatus bucket() {
        List<BucketStatus> buckets = enforcer.spend(monthly);
        assertEquals(1, buckets.size());
        return buckets.get(0);
    }

    @Test
    public void aReportWithoutAdmissionIsChargedToTheBudgetsItMatches() {
        Recorder recorder = recorder(interceptor);
        UsageRecord record = recorder.record(report("u-1"));
        assertEquals(COST, record.charge().cost());
        assertEquals(List.of(new LedgerEntry(new BucketKey("team-monthly", "*", NOVEMBER), COST)), record.ledger());
        assertEquals(record, store.findUsage("u-1").orElseThrow());
        assertEquals(COST, bucket().spent());
        assertEquals(Money.of("0.9925", "USD"), bucket().remaining());
        assertEquals(new java.math.BigDecimal("0.75"), bucket().percent());
        assertEquals(1, events.size());
    }

    @Test
    public void aRetryChargesTheBudgetOnce() {
        Recorder recorder = recorder(interceptor);
        UsageRecord first = recorder.record(report("u-2"));
        UsageRecord retry = recorder.record(report("u-2"));
        assertEquals(first, retry);
        assertEquals(COST, bucket().spent());
        assertEquals(1, completions.get());
        assertEquals(1, store.size());
    }

    @Test(timeout = 20_000)
    public void concurrentDuplicatesChargeTheBudgetOnce() throws Exception {
        Recorder recorder = recorder(interceptor);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<UsageRecord>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return recorder.record(report("u-race"));
                }));
            }
            go.countDown();
            Set<UsageRecord> distinct = new HashSet<>();
            for (Future<UsageRecord> result : results) {
                distinct.add(result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size());
            assertEquals(COST, bucket().spent());
            assertEquals(1, store.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void anAdmittedCallIsSettledOnceAndStoredWithItsLedger() {
        Recorder recorder = recorder(interceptor);
        Admission admission = interceptor.admit(AdmissionRequest.chat("u-3", "openai", "gpt-4o", null, 1000,
                1000));
        UsageRecord settled = interceptor.complete(admission, report("u-3"));
        // A late duplicate through the tracker answers the same record and charges nothing.
        assertSame(settled.report(), recorder.record(report("u-3")).report());
        assertEquals(COST, bucket().spent());
        assertEquals(Money.zero(java.util.Currency.getInstance("USD")), bucket().held());
        assertEquals(1, store.size());
    }

    @Test(timeout = 20_000)
    public void anInterceptorThatRecordsThroughTheTrackerDoesNotRecurse() {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Recorder> self = new AtomicReference<>();
        UsageInterceptor naive = new UsageInterceptor() {
            @Override
            public Admission admit(AdmissionRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public UsageRecord complete(Admission admission, UsageReport actual) {
                calls.incrementAndGet();
                return self.get().record(actual);
            }

            @Override
            public void abort(Admission admission, Usage consumed, String cause) {
            }
        };
        Recorder recorder = recorder(naive);
        self.set(recorder);
        UsageRecord record = recorder.record(report("u-4"));
        assertEquals(1, calls.get());
        assertEquals(COST, record.charge().cost());
        assertEquals(1, store.size());
    }

    @Test
    public void aRecordTheInterceptorCouldNotStoreIsStoredByTheTracker() {
        // The manager without a bound tracker answers a record it did not make durable.
        UsageInterceptor withoutTracker = new UsageInterceptor() {
            @Override
            public Admission admit(AdmissionRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public UsageRecord complete(Admission admission, UsageReport actual) {
                return new UsageRecord(actual, pricing.quote(actual.provider(), actual.model(), actual.usage(),
                        actual.timestamp()).toCharge(), NOW);
            }

            @Override
            public void abort(Admission admission, Usage consumed, String cause) {
            }
        };
        Recorder recorder = recorder(withoutTracker);
        UsageRecord record = recorder.record(report("u-5"));
        assertEquals(record, store.findUsage("u-5").orElseThrow());
        assertEquals(COST, record.charge().cost());
    }
}
