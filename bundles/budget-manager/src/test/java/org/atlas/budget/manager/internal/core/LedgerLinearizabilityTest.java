package org.atlas.budget.manager.internal.core;

import static org.atlas.budget.manager.testing.Policies.policy;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.manager.testing.ListPrices;
import org.atlas.budget.manager.testing.MutableClock;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.Assume;
import org.junit.Test;

/**
 * Lincheck: every concurrent history of admit, complete (and its duplicate), abort, sweep and
 * reads of the shared bucket must be explainable by the same operations run one at a time on a
 * fresh enforcer (this class itself is the sequential specification, as Lincheck does by default).
 * Model checking explores thread switches inside the enforcer exhaustively for small scenarios;
 * the stress run adds real parallelism.
 *
 * <p>Setup: the real enforcer and real list prices; a GLOBAL budget of $0.01 and a budget per user
 * of $0.015. An openai/gpt-4o call holds $0.0075 (1,000 input + 500 maximum output tokens) and
 * costs $0.0057 (320 output tokens), so of two concurrent admissions one is BLOCKed, and which
 * depends on the interleaving: exactly what must stay all-or-nothing. (With the hold taken in a
 * second locked step after the check, the stress run failed on "aliceAdmits ALLOW | bobAdmits
 * ALLOW" with its default budget; the small model-checking budget happened not to generate two
 * parallel admissions that time. Both are random scenarios: more iterations, more certainty.) Each user's admissions are kept by that user's operations only, which Lincheck
 * runs on one thread ({@code nonParallelGroup}), so the harness adds no race of its own; the
 * users meet in the global bucket.
 */
public class LedgerLinearizabilityTest {

    private static final ListPrices PRICES = new ListPrices();
    private static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");
    private static final Usage ESTIMATE = Usage.builder().inputTokens(1000).outputTokens(500).build();
    private static final Usage ACTUAL = Usage.builder().inputTokens(1000).outputTokens(320).build();
    private static final BudgetPolicy GLOBAL = policy("global").limit("0.01").build();
    private static final BudgetPolicy PER_USER = policy("per-user").scope(Scope.USER, BudgetPolicy.EACH)
            .limit("0.015").build();

    private final Enforcer enforcer = new Enforcer(() -> PRICES, () -> null, EnforcementEvents.NONE,
            new MutableClock(NOW), Enforcer.Settings.DEFAULT);
    private final Deque<Admission> aliceOpen = new ArrayDeque<>();
    private final Deque<Admission> bobOpen = new ArrayDeque<>();
    private final Deque<Admission> aliceDone = new ArrayDeque<>();
    private final Deque<Admission> bobDone = new ArrayDeque<>();
    private int aliceCalls;
    private int bobCalls;

    public LedgerLinearizabilityTest() {
        enforcer.policies(new PolicyIndex(List.of(GLOBAL, PER_USER)));
    }

    // ---------------------------------------------------------------- alice's calls (one thread)

    @org.jetbrains.lincheck.datastructures.Operation(nonParallelGroup = "alice")
    public String aliceAdmits() {
        return admit("alice", "alice-" + ++aliceCalls, aliceOpen);
    }

    @org.jetbrains.lincheck.datastructures.Operation(nonParallelGroup = "alice")
    public String aliceCompletes() {
        return complete(aliceOpen, aliceDone);
    }

    @org.jetbrains.lincheck.datastructures.Operation(nonParallelGroup = "alice")
    public String aliceCompletesAgain() {
        return completeAgain(aliceDone);
    }

    @org.jetbrains.lincheck.datastructures.Operation(nonParallelGroup = "alice")
    public String aliceAborts() {
        return abort(aliceOpen);
    }

    // ---------------------------------------------------------------- bob's calls (one thread)

    @org.jetbrains.lincheck.datastructures.Operation(nonParallelGroup = "bob")
    public String bobAdmits() {
        return admit("bob", "bob-" + ++bobCalls, bobOpen);
    }

    @org.jetbrains.lincheck.datastructures.Operation(nonParallelGroup = "bob")
    public String bobCompletes() {
        return complete(bobOpen, bobDone);
    }

    @org.jetbrains.lincheck.datastructures.Operation(nonParallelGroup = "bob")
    public String bobAborts() {
        return abort(bobOpen);
    }

    // ---------------------------------------------------------------- anyone

    /**
     * The shared budget as an operator reads it: spent and held, read under its lock. A bucket not
     * yet created reads as zero: an admission creates its buckets just before it locks them, so
     * an empty bucket may be seen a moment before the first hold lands, which means the same.
     */
    @org.jetbrains.lincheck.datastructures.Operation
    public String globalBudget() {
        List<BucketStatus> buckets = enforcer.spend(GLOBAL);
        if (buckets.isEmpty()) {
            return "spent 0 held 0";
        }
        return "spent " + buckets.get(0).spent().toNanos() + " held " + buckets.get(0).held().toNanos();
    }

    /** The sweeper's pass: nothing expires here (10 minutes of TTL on a still clock), and it must not disturb. */
    @org.jetbrains.lincheck.datastructures.Operation
    public int sweep() {
        return enforcer.sweep();
    }

    // ---------------------------------------------------------------- the steps

    private String admit(String user, String requestId, Deque<Admission> open) {
        Admission admission = enforcer.admit(new AdmissionRequest(requestId, "openai", "gpt-4o", Operation.CHAT,
                Dimensions.ofUser(user), ESTIMATE, NOW));
        if (admission.admissionId() != null) {
            open.push(admission);
        }
        return admission.decision().outcome() + " " + admission.hold().toNanos() + " by "
                + admission.decision().policyId();
    }

    private String complete(Deque<Admission> open, Deque<Admission> done) {
        Admission admission = open.poll();
        if (admission == null) {
            return "nothing open";
        }
        UsageRecord record = enforcer.complete(admission, report(admission));
        done.push(admission);
        return "charged " + record.charge().cost().toNanos() + " to " + record.ledger().size();
    }

    private String completeAgain(Deque<Admission> done) {
        Admission admission = done.peek();
        if (admission == null) {
            return "nothing done";
        }
        UsageRecord record = enforcer.complete(admission, report(admission));
        return "charged " + record.charge().cost().toNanos() + " to " + record.ledger().size();
    }

    private String abort(Deque<Admission> open) {
        Admission admission = open.poll();
        if (admission == null) {
            return "nothing open";
        }
        enforcer.abort(admission, Usage.NONE, "cancelled");
        return "released";
    }

    private static org.atlas.budget.api.model.UsageReport report(Admission admission) {
        return admission.request().toReport(admission.model(), true, ACTUAL);
    }

    // ---------------------------------------------------------------- the checks

    /**
     * The thorough run ({@code -Dlincheck.full=true}: 10 x 100 model-checked and 20 x 1,000 stressed
     * scenarios) takes about 6 minutes on 2 shared cores, too long for every build. The model
     * checker also stops an invocation it finds slow as "hung", and on a machine loaded by other
     * builds it did so once inside a record constructor (no lock held anywhere): so it runs only
     * in the thorough run, and every build runs a short stress check (about a minute here).
     */
    private static final boolean FULL = Boolean.getBoolean("lincheck.full");

    @Test
    public void admissionsCompletionsAndReadsAreLinearizableUnderModelChecking() {
        Assume.assumeTrue("model checking runs with -Dlincheck.full=true", FULL);
        new ModelCheckingOptions()
                .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
                .iterations(10).invocationsPerIteration(100)
                .check(LedgerLinearizabilityTest.class);
    }

    @Test
    public void admissionsCompletionsAndReadsAreLinearizableUnderStress() {
        new StressOptions()
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .iterations(FULL ? 20 : 4).invocationsPerIteration(FULL ? 1000 : 500)
                .check(LedgerLinearizabilityTest.class);
    }
}
