package org.atlas.budget.manager.internal.core;

import static org.atlas.budget.manager.testing.Policies.policy;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.PolicyMatch;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.manager.testing.ListPrices;
import org.atlas.budget.manager.testing.MutableClock;
import org.junit.Test;

/**
 * Guarantees 2 and 3 under contention: 64 threads admit, settle, abort and abandon calls against
 * small budgets over the real list prices while a monitor reads every bucket. Actual usage never
 * exceeds the estimate, so no bucket may ever pass its limit, the ledger must end exactly at the
 * sum of the settled costs, and every hold must end.
 *
 * <p>Prices (nano-USD per token, list prices in force in November 2026): gpt-4o 2,500 input,
 * 1,250 cache read, 10,000 output; gpt-4o-mini 150, 75, 600. Every cost is a whole number of
 * nano-dollars, so the test's own arithmetic is exact in {@code long}.
 */
public class LedgerConcurrencyTest {

    static final Instant START = Instant.parse("2026-11-10T12:00:00Z");
    static final int THREADS = 64;
    static final int CALLS_PER_THREAD = 1_563; // 100,032 admissions
    static final int USERS = 50;
    static final long SEED = Long.getLong("atlas.test.seed", 20261110L);
    static final String[] USER_IDS = new String[USERS];

    static {
        for (int i = 0; i < USERS; i++) {
            USER_IDS[i] = String.format("user-%02d", i);
        }
    }

    /** Rates in nano-USD per token: input, cache read, output. */
    static final Map<String, long[]> RATES = Map.of(
            "gpt-4o", new long[] {2_500, 1_250, 10_000},
            "gpt-4o-mini", new long[] {150, 75, 600});

    final MutableClock clock = new MutableClock(START);
    final ListPrices pricing = new ListPrices();
    final Enforcer enforcer = new Enforcer(() -> pricing, () -> null, EnforcementEvents.NONE, clock,
            Enforcer.Settings.DEFAULT);

    final BudgetPolicy global = policy("global").limit("26").build();
    final BudgetPolicy perUser = policy("per-user").scope(Scope.USER, "*").limit("0.50").thresholds(90).build();
    final BudgetPolicy apollo = policy("apollo").scope(Scope.PROJECT, "apollo").limit("8").build();
    final BudgetPolicy dailyTeam = policy("daily-team").scope(Scope.TEAM, "*").limit("8")
            .period(PeriodKind.DAILY).build();
    final BudgetPolicy rollingModel = policy("rolling-model").scope(Scope.MODEL, "*").limit("25")
            .period(PeriodKind.ROLLING_24H).action(LimitAction.THROTTLE).build();
    final List<BudgetPolicy> all = List.of(global, perUser, apollo, dailyTeam, rollingModel);

    static long cost(String model, long input, long cacheRead, long output) {
        long[] r = RATES.get(model);
        return (input - cacheRead) * r[0] + cacheRead * r[1] + output * r[2];
    }

    static String key(String policyId, String scopeValue) {
        return policyId + "|" + scopeValue;
    }

    /**
     * The buckets a request must be charged to, derived independently of the index: policy id to
     * scope value (no request here carries tags, so each policy matches at most once).
     */
    static Map<String, String> expectedBuckets(String model, Dimensions d) {
        Map<String, String> buckets = new HashMap<>(8);
        buckets.put("global", "*");
        if (d.userId() != null) {
            buckets.put("per-user", d.userId());
        }
        if ("apollo".equals(d.projectId())) {
            buckets.put("apollo", "apollo");
        }
        if (d.teamId() != null) {
            buckets.put("daily-team", d.teamId());
        }
        buckets.put("rolling-model", model);
        return buckets;
    }

    /** What the test itself counted, to compare with the enforcer at the end. */
    static final class Tally {
        final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
        final ConcurrentHashMap<String, LongAdder> charged = new ConcurrentHashMap<>();
        final LongAdder completed = new LongAdder();
        final LongAdder duplicateCompletions = new LongAdder();
        final LongAdder releasedByAbort = new LongAdder();
        final LongAdder chargedByAbort = new LongAdder();
        final ConcurrentLinkedQueue<Admission> abandoned = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

        Tally() {
            for (Outcome o : Outcome.values()) {
                outcomes.put(o, new LongAdder());
            }
        }

        void charge(Map<String, String> buckets, long nanos) {
            for (Map.Entry<String, String> bucket : buckets.entrySet()) {
                LongAdder sum = charged.get(key(bucket.getKey(), bucket.getValue()));
                if (sum == null) {
                    sum = charged.computeIfAbsent(key(bucket.getKey(), bucket.getValue()), k -> new LongAdder());
                }
                sum.add(nanos);
            }
        }

        void problem(String what) {
            if (problems.size() < 50) {
                problems.add(what);
            }
        }
    }

    @Test(timeout = 120_000)
    public void holdsAndChargesStayExactAndWithinEveryLimitUnderContention() throws Exception {
        enforcer.policies(new PolicyIndex(all));
        Tally tally = new Tally();
        AtomicBoolean trafficDone = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger samples = new AtomicInteger();
        AtomicInteger samplesSeeingHolds = new AtomicInteger();
        CountDownLatch monitorRunning = new CountDownLatch(1);

        Thread monitor = new Thread(() -> {
            try {
                do {
                    boolean sawHolds = false;
                    for (BudgetPolicy p : all) {
                        // spend() locks each bucket while it reads it: one consistent snapshot per bucket
                        for (BucketStatus b : enforcer.spend(p)) {
                            long spent = b.spent().toNanos();
                            long held = b.held().toNanos();
                            long limit = b.effectiveLimit().toNanos();
                            if (spent < 0 || held < 0 || spent + held > limit) {
                                if (violations.size() < 50) {
                                    violations.add(b.policyId() + "/" + b.scopeValue() + ": spent " + b.spent()
                                            + " + held " + b.held() + " > " + b.effectiveLimit());
                                }
                            }
                            sawHolds |= held > 0;
                        }
                    }
                    samples.incrementAndGet();
                    if (sawHolds) {
                        samplesSeeingHolds.incrementAndGet();
                    }
                    monitorRunning.countDown();
                } while (!trafficDone.get());
            } catch (Throwable t) {
                violations.add("monitor failed: " + t);
                monitorRunning.countDown();
            }
        }, "ledger-monitor");
        monitor.setDaemon(true);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "ledger-traffic");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        try {
            monitor.start();
            assertTrue("monitor started", monitorRunning.await(10, TimeUnit.SECONDS));
            CyclicBarrier go = new CyclicBarrier(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(SEED * 1_000 + t);
                int thread = t;
                workers.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        oneCall(random, "t" + thread + "-" + i, tally);
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (Future<?> worker : workers) {
                worker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            trafficDone.set(true);
            pool.shutdownNow();
        }
        monitor.join(10_000);
        long trafficMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue("problems seen by the traffic threads (seed " + SEED + "): " + tally.problems,
                tally.problems.isEmpty());
        assertTrue("committed + held passed an effective limit: " + violations, violations.isEmpty());
        assertTrue("the monitor sampled during traffic", samples.get() > 1 && samplesSeeingHolds.get() > 0);

        long admissions = (long) THREADS * CALLS_PER_THREAD;
        long admitted = tally.outcomes.get(Outcome.ALLOW).sum() + tally.outcomes.get(Outcome.WARN).sum();
        long blocked = tally.outcomes.get(Outcome.BLOCK).sum();
        long throttled = tally.outcomes.get(Outcome.THROTTLE).sum();
        assertEquals(admissions, admitted + blocked + throttled);
        for (Outcome o : Outcome.values()) {
            assertEquals("decisions counted as " + o, tally.outcomes.get(o).sum(), enforcer.decisions(o));
        }
        assertTrue("the budgets were exhausted: some calls were blocked", blocked > 0);
        assertTrue("thousands of calls were admitted before the budgets ran out", admitted > 1_000);

        // Traffic has stopped: only the abandoned calls still hold budget, until they expire.
        int abandoned = tally.abandoned.size();
        assertTrue("some calls were left to expire", abandoned > 0);
        assertEquals(abandoned, enforcer.openHolds());
        assertEquals("nothing expires before the TTL", 0, enforcer.sweep());
        clock.advance(Enforcer.Settings.DEFAULT.holdTtl().plusMinutes(1));
        assertEquals(abandoned, enforcer.sweep());
        assertEquals(0, enforcer.openHolds());
        assertEquals(abandoned, enforcer.expiredHolds());
        assertEquals(0, enforcer.overspends());

        // Every bucket ends exactly at the sum of the costs the test settled on it.
        Set<String> seen = new HashSet<>();
        for (BudgetPolicy p : all) {
            for (BucketStatus b : enforcer.spend(p)) {
                String k = key(b.policyId(), b.scopeValue());
                seen.add(k);
                LongAdder expected = tally.charged.get(k);
                assertEquals(k + " committed", expected == null ? 0 : expected.sum(), b.spent().toNanos());
                assertEquals(k + " held", 0, b.held().toNanos());
                assertTrue(k + " within its limit", b.spent().compareTo(b.effectiveLimit()) <= 0);
            }
        }
        assertTrue("a bucket for every charge: " + tally.charged.keySet() + " vs " + seen,
                seen.containsAll(tally.charged.keySet()));
        assertEquals("50 users, 2 teams, 2 models, global and apollo", USERS + 2 + 2 + 1 + 1, seen.size());

        System.out.printf("LedgerConcurrencyTest: %d admissions by %d threads in %d ms: %d admitted (%d warned),"
                + " %d blocked, %d throttled; %d completed (+%d duplicate completions), %d aborted and released,"
                + " %d aborted and charged, %d expired; %d monitor samples (%d seeing holds)%n", admissions, THREADS,
                trafficMillis, admitted, tally.outcomes.get(Outcome.WARN).sum(), blocked, throttled,
                tally.completed.sum(), tally.duplicateCompletions.sum(), tally.releasedByAbort.sum(),
                tally.chargedByAbort.sum(), abandoned, samples.get(), samplesSeeingHolds.get());
    }

    /** One call: admit, then complete (most), abort (some) or abandon (a few). */
    void oneCall(SplittableRandom random, String requestId, Tally tally) {
        String model = random.nextInt(4) == 0 ? "gpt-4o-mini" : "gpt-4o";
        String user = random.nextInt(10) == 0 ? null : USER_IDS[random.nextInt(USERS)];
        String project = switch (random.nextInt(3)) {
            case 0 -> "apollo";
            case 1 -> "hermes";
            default -> null;
        };
        String team = switch (random.nextInt(3)) {
            case 0 -> "red";
            case 1 -> "blue";
            default -> null;
        };
        Dimensions dims = new Dimensions(user, project, team, null, Set.of());
        long input = 100 + random.nextInt(1_901);
        long maxOutput = 50 + random.nextInt(951);
        AdmissionRequest request = new AdmissionRequest(requestId, "openai", model, Operation.CHAT, dims,
                Usage.builder().inputTokens(input).outputTokens(maxOutput).build(), clock.instant());
        Map<String, String> buckets = expectedBuckets(model, dims);
        long estimate = cost(model, input, 0, maxOutput);

        Admission admission = enforcer.admit(request);
        Decision decision = admission.decision();
        tally.outcomes.get(decision.outcome()).increment();
        checkDecision(requestId, decision, buckets, estimate, tally);
        if (!admission.admitted()) {
            if (admission.admissionId() != null || !admission.hold().isZero()) {
                tally.problem(requestId + ": a " + decision.outcome() + " holds " + admission.hold());
            }
            return;
        }
        if (admission.hold().toNanos() != estimate) {
            tally.problem(requestId + ": held " + admission.hold() + ", the worst case is " + estimate + " nano-USD");
        }

        int fate = random.nextInt(1_000);
        if (fate < 3) {
            tally.abandoned.add(admission); // the host crashed: the hold must expire
        } else if (fate < 83) {
            enforcer.abort(admission, Usage.NONE, "cancelled before sending");
            tally.releasedByAbort.increment();
        } else if (fate < 133) {
            // A stream cut short: it consumed its prompt and part of the output.
            long output = random.nextLong(maxOutput + 1);
            enforcer.abort(admission, Usage.builder().inputTokens(input).outputTokens(output).build(),
                    "client went away");
            tally.charge(buckets, cost(model, input, 0, output));
            tally.chargedByAbort.increment();
        } else {
            long cacheRead = random.nextLong(input / 2 + 1);
            long output = random.nextLong(maxOutput + 1);
            Usage actual = Usage.builder().inputTokens(input).cacheReadTokens(cacheRead).outputTokens(output).build();
            UsageReport report = request.toReport(model, true, actual);
            UsageRecord record = enforcer.complete(admission, report);
            long expected = cost(model, input, cacheRead, output);
            if (record.charge().cost().toNanos() != expected) {
                tally.problem(requestId + ": charged " + record.charge().cost() + ", expected " + expected);
            }
            tally.charge(buckets, expected);
            tally.completed.increment();
            if (fate < 153) {
                // A retried completion: answered from memory, never charged twice.
                UsageRecord again = enforcer.complete(admission, report);
                // Equal, not the same object: the completion memory keeps records in a compact form.
                if (!again.equals(record)) {
                    tally.problem(requestId + ": a duplicate completion got another record");
                }
                tally.duplicateCompletions.increment();
            }
        }
    }

    /**
     * Each decision must be what the limits allow at its atomic moment: the bucket figures in its
     * matches were read under the locks, before this call's hold. Admitted: the call fitted every
     * bucket. Not admitted: the deciding policy's bucket could not take it.
     */
    static void checkDecision(String requestId, Decision decision, Map<String, String> buckets, long estimate,
            Tally tally) {
        boolean asExpected = decision.matches().size() == buckets.size();
        PolicyMatch decider = null;
        for (PolicyMatch m : decision.matches()) {
            asExpected &= m.bucket().scopeValue().equals(buckets.get(m.policyId()));
            if (m.policyId().equals(decision.policyId())) {
                decider = m;
            }
        }
        if (!asExpected) {
            tally.problem(requestId + ": matched " + decision.matches() + ", expected " + buckets);
            return;
        }
        if (decision.outcome().admits()) {
            for (PolicyMatch m : decision.matches()) {
                if (after(m, estimate) > m.bucket().effectiveLimit().toNanos()) {
                    tally.problem(requestId + ": admitted past " + m.policyId() + ": " + m.bucket());
                }
            }
        } else if (decider == null || after(decider, estimate) <= decider.bucket().effectiveLimit().toNanos()) {
            tally.problem(requestId + ": " + decision.outcome() + " by " + decision.policyId()
                    + " although it fitted: " + decision.matches());
        }
    }

    static long after(PolicyMatch m, long estimate) {
        return m.bucket().spent().toNanos() + m.bucket().held().toNanos() + estimate;
    }

    // ------------------------------------------------------------------ duplicates

    @Test(timeout = 60_000)
    public void completeIsIdempotentUnderConcurrentDuplicates() throws Exception {
        BudgetPolicy p = policy("dup").limit("1000").build();
        enforcer.policies(new PolicyIndex(List.of(p)));
        int threads = 16;
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "duplicate-completer");
            t.setDaemon(true);
            return t;
        });
        long expectedSpent = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                AdmissionRequest request = new AdmissionRequest("dup-" + round, "openai", "gpt-4o", Operation.CHAT,
                        Dimensions.ofUser("alice"), Usage.builder().inputTokens(1000).outputTokens(1000).build(),
                        clock.instant());
                Admission admission = enforcer.admit(request);
                assertEquals(Outcome.ALLOW, admission.decision().outcome());
                long output = 1 + round % 1000;
                UsageReport report = request.toReport("gpt-4o", true,
                        Usage.builder().inputTokens(1000).outputTokens(output).build());
                CyclicBarrier together = new CyclicBarrier(threads);
                List<Future<UsageRecord>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return enforcer.complete(admission, report);
                    }));
                }
                UsageRecord first = results.get(0).get(10, TimeUnit.SECONDS);
                assertNotNull(first);
                for (Future<UsageRecord> result : results) {
                    // Equal, not the same object: the completion memory keeps records in a compact form.
                    assertEquals("round " + round, first, result.get(10, TimeUnit.SECONDS));
                }
                long cost = cost("gpt-4o", 1000, 0, output);
                assertEquals(cost, first.charge().cost().toNanos());
                expectedSpent += cost;
                BucketStatus bucket = enforcer.spend(p).get(0);
                assertEquals("round " + round + ": charged exactly once", expectedSpent, bucket.spent().toNanos());
                assertEquals(0, bucket.held().toNanos());
                assertEquals(0, enforcer.openHolds());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, enforcer.overspends());
    }
}
