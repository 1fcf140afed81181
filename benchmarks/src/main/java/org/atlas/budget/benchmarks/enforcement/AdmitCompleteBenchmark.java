package org.atlas.budget.benchmarks.enforcement;

import java.io.Reader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.PolicyMatch;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.manager.internal.core.EnforcementEvents;
import org.atlas.budget.manager.internal.core.Enforcer;
import org.atlas.budget.manager.internal.core.MillisecondClock;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One admission plus its completion through the real enforcement core, at production-like index
 * and ledger sizes, against a bare compare-and-set reserve in the same run (issue "Enforcement:
 * the reservation ledger").
 *
 * <p><b>Setup.</b> An {@link Enforcer} exactly as the component builds it (no tracker, no events,
 * the {@link MillisecondClock}, default settings) over 1,000 policies:
 * <ul>
 * <li>{@code global}: GLOBAL, MONTHLY;</li>
 * <li>{@code per-user}: USER {@code *}, MONTHLY (one bucket for each of the 10,000 users);</li>
 * <li>{@code per-project}: PROJECT {@code *}, MONTHLY (50 projects);</li>
 * <li>{@code team-rolling-24h}: TEAM {@code *}, ROLLING_24H (20 teams, 144 slots each);</li>
 * <li>{@code provider-openai}, {@code model-gpt-4o} (DAILY), {@code tag-interactive} (WEEKLY): fixed
 * values every request matches; {@code provider-anthropic}, {@code model-gpt-4o-mini},
 * {@code tag-batch}: fixed values no request matches;</li>
 * <li>990 {@code user-cap-NNNNN}: USER with the fixed value {@code user-NNNNN} for users 0 to 989,
 * DAILY, so about 1 request in 10 matches one of them too.</li>
 * </ul>
 * A request therefore matches 7 budgets, or 8 for users below 990. Every policy is BLOCK with
 * thresholds 50, 80 and 100 % (so the threshold check runs on every match), and a limit that a run
 * cannot approach: $5,000,000 for the shared budgets (under the 9.2 M that keeps the threshold test
 * in {@code long}), $100,000 per team, $50,000 per project, $1,000 per user. A default run spends
 * well under 1 % of any of them, so every decision is ALLOW: setup and teardown check it.
 *
 * <p><b>The measured operation.</b> {@code admit} of an openai/gpt-4o chat request from a random
 * one of the 10,000 users (precomputed random picks, a unique request id from a per-thread counter),
 * 1,000 estimated input tokens and 500 maximum output tokens: a hold of $0.0075 on every matching
 * bucket. Then {@code complete} with 1,000 input and 320 output tokens: $0.0057 committed, the hold
 * released. Setup admits and completes each user once, so all ~11,000 buckets exist (as in a running
 * system mid-period) and the figures are checked to the nano-dollar. After every iteration
 * {@code enforcer.sweep()} runs, as the sweeper does every second in Karaf: it trims the in-memory
 * completion memory back to its 100,000 entries.
 *
 * <p><b>Variants and baselines, same run.</b>
 * <ul>
 * <li>{@code enforcer1T} / {@code enforcer2T}: the real figure, with the real pricing code and the
 * shipped list prices ({@link ShippedListPrices});</li>
 * <li>{@code constantPrice1T} / {@code constantPrice2T}: an analysis aid, not a figure of the
 * product: the same, but pricing answers the two precomputed real {@link Quote}s at once, so the
 * difference to {@code enforcer*} is what pricing costs inside admit + complete;</li>
 * <li>{@code casReserve1T} / {@code casReserve2T}: the bare compare-and-set baseline the issue asks
 * for: reserve the estimate on one {@link AtomicLong} with a CAS loop that checks the limit, then
 * settle with {@code addAndGet(actual - estimate)}.</li>
 * </ul>
 * The two-thread variants share one enforcer (or one counter), as concurrent callers do.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// 10 s, not the usual 3: on 2 cores the C2 compiler needs 5 to 7 s to compile admit, settle, decide
// and complete (-XX:+PrintCompilation), so 3 s measured partly C1 code, about 30 % slower.
@Warmup(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
public class AdmitCompleteBenchmark {

    static final int POLICIES = 1_000;
    static final int USERS = 10_000;
    static final int FIXED_USER_POLICIES = 990;
    static final int PROJECTS = 50;
    static final int TEAMS = 20;

    static final String PROVIDER = "openai";
    static final String MODEL = "gpt-4o";
    static final Currency USD = Currency.getInstance("USD");
    /** 1,000 x $2.50 + 500 x $10 per 1M tokens = $0.0075, in nano-dollars. */
    static final long ESTIMATE_NANOS = 7_500_000L;
    /** 1,000 x $2.50 + 320 x $10 per 1M tokens = $0.0057, in nano-dollars. */
    static final long ACTUAL_NANOS = 5_700_000L;
    static final Usage ESTIMATE = Usage.builder().inputTokens(1_000).outputTokens(500).build();
    static final Usage ACTUAL = Usage.builder().inputTokens(1_000).outputTokens(320).build();

    static final List<Integer> THRESHOLDS = List.of(50, 80, 100);

    // ------------------------------------------------------------------ policies and users

    static String userId(int user) {
        return String.format("user-%05d", user);
    }

    static Dimensions dimensions(int user) {
        return new Dimensions(userId(user), String.format("project-%02d", user % PROJECTS),
                String.format("team-%02d", user % TEAMS), null, Set.of("interactive"));
    }

    private static BudgetPolicy policy(String id, Scope scope, String value, PeriodKind period, String limit) {
        return new BudgetPolicy(id, null, scope, value, Period.of(period, ZoneOffset.UTC), Money.of(limit, "USD"),
                THRESHOLDS, LimitAction.BLOCK, Rollover.NONE, null, null, true, 0);
    }

    static List<BudgetPolicy> policies() {
        List<BudgetPolicy> all = new ArrayList<>(POLICIES);
        all.add(policy("global", Scope.GLOBAL, BudgetPolicy.EACH, PeriodKind.MONTHLY, "5000000"));
        all.add(policy("per-user", Scope.USER, BudgetPolicy.EACH, PeriodKind.MONTHLY, "1000"));
        all.add(policy("per-project", Scope.PROJECT, BudgetPolicy.EACH, PeriodKind.MONTHLY, "50000"));
        all.add(policy("team-rolling-24h", Scope.TEAM, BudgetPolicy.EACH, PeriodKind.ROLLING_24H, "100000"));
        all.add(policy("provider-openai", Scope.PROVIDER, "openai", PeriodKind.MONTHLY, "5000000"));
        all.add(policy("provider-anthropic", Scope.PROVIDER, "anthropic", PeriodKind.MONTHLY, "5000000"));
        all.add(policy("model-gpt-4o", Scope.MODEL, "gpt-4o", PeriodKind.DAILY, "5000000"));
        all.add(policy("model-gpt-4o-mini", Scope.MODEL, "gpt-4o-mini", PeriodKind.DAILY, "5000000"));
        all.add(policy("tag-interactive", Scope.TAG, "interactive", PeriodKind.WEEKLY, "5000000"));
        all.add(policy("tag-batch", Scope.TAG, "batch", PeriodKind.WEEKLY, "5000000"));
        for (int user = 0; user < FIXED_USER_POLICIES; user++) {
            all.add(policy(String.format("user-cap-%05d", user), Scope.USER, userId(user), PeriodKind.DAILY, "1000"));
        }
        if (all.size() != POLICIES) {
            throw new IllegalStateException(all.size() + " policies, expected " + POLICIES);
        }
        return all;
    }

    /** The policies a request of {@code user} must be charged to, worked out without the index. */
    static Set<String> expectedPolicies(int user) {
        Set<String> ids = new TreeSet<>(List.of("global", "per-user", "per-project", "team-rolling-24h",
                "provider-openai", "model-gpt-4o", "tag-interactive"));
        if (user < FIXED_USER_POLICIES) {
            ids.add(String.format("user-cap-%05d", user));
        }
        return ids;
    }

    // ------------------------------------------------------------------ the enforcer states

    /** What the two enforcer states share; the JMH annotations are on the concrete states. */
    abstract static class EnforcerState {
        // Not final: the JIT must not fold the request's parts into constants.
        String provider = PROVIDER;
        String model = MODEL;
        Usage estimate = ESTIMATE;
        Usage actual = ACTUAL;
        Dimensions[] users;
        Enforcer enforcer;
        BudgetPolicy global;

        void build(PricingRegistry pricing) {
            checkPricing(pricing);
            enforcer = new Enforcer(() -> pricing, () -> null, EnforcementEvents.NONE, MillisecondClock.UTC,
                    Enforcer.Settings.DEFAULT);
            List<BudgetPolicy> all = policies();
            global = all.get(0);
            enforcer.policies(new PolicyIndex(all));
            users = new Dimensions[USERS];
            for (int user = 0; user < USERS; user++) {
                users[user] = dimensions(user);
            }
            // Every user once: creates every bucket, and checks what is held and charged where.
            for (int user = 0; user < USERS; user++) {
                AdmissionRequest request = new AdmissionRequest("setup-" + user, provider, model, Operation.CHAT,
                        users[user], estimate, Instant.now());
                Admission admission = enforcer.admit(request);
                if (admission.decision().outcome() != Outcome.ALLOW
                        || !admission.hold().equals(Money.ofNanos(ESTIMATE_NANOS, USD))) {
                    throw new IllegalStateException("setup admission of " + userId(user) + ": " + admission);
                }
                Set<String> matched = new TreeSet<>();
                for (PolicyMatch match : admission.decision().matches()) {
                    matched.add(match.policyId());
                }
                if (!matched.equals(expectedPolicies(user)) || admission.decision().matches().size() != matched.size()) {
                    throw new IllegalStateException(userId(user) + " matched " + matched + ", expected "
                            + expectedPolicies(user));
                }
                UsageRecord record = enforcer.complete(admission, request.toReport(admission.model(), true, actual));
                if (record.charge().status() != PricingStatus.PRICED
                        || record.charge().cost().toNanos() != ACTUAL_NANOS) {
                    throw new IllegalStateException("setup completion of " + userId(user) + ": " + record.charge());
                }
            }
            verify("after setup");
            Money spent = globalSpent();
            if (spent.toNanos() != USERS * ACTUAL_NANOS) {
                throw new IllegalStateException("global bucket after setup: " + spent + ", expected "
                        + Money.ofNanos(USERS * ACTUAL_NANOS, USD));
            }
        }

        /** Both quotes the benchmark causes, checked to the nano-dollar against the hand-worked figures. */
        private void checkPricing(PricingRegistry pricing) {
            Instant now = Instant.now();
            Money reserved = pricing.quote(provider, model, estimate, now).reservedCost();
            Money settled = pricing.quote(provider, model, actual, now).settledCost();
            if (reserved.toNanos() != ESTIMATE_NANOS || settled.toNanos() != ACTUAL_NANOS) {
                throw new IllegalStateException("gpt-4o is priced at " + reserved + " / " + settled + ", expected "
                        + Money.ofNanos(ESTIMATE_NANOS, USD) + " / " + Money.ofNanos(ACTUAL_NANOS, USD));
            }
        }

        Money globalSpent() {
            List<BucketStatus> buckets = enforcer.spend(global);
            return buckets.isEmpty() ? Money.zero(USD) : buckets.get(0).spent();
        }

        /** Nothing open, nothing but ALLOW, nothing overspent: the run measured what it claims. */
        void verify(String when) {
            StringBuilder wrong = new StringBuilder();
            if (enforcer.openHolds() != 0) {
                wrong.append(" open holds: ").append(enforcer.openHolds());
            }
            for (Outcome outcome : Outcome.values()) {
                if (outcome != Outcome.ALLOW && enforcer.decisions(outcome) != 0) {
                    wrong.append(' ').append(outcome).append(": ").append(enforcer.decisions(outcome));
                }
            }
            if (enforcer.overspends() != 0 || enforcer.unpricedCalls() != 0 || enforcer.expiredHolds() != 0) {
                wrong.append(" overspends/unpriced/expired: ").append(enforcer.overspends()).append('/')
                        .append(enforcer.unpricedCalls()).append('/').append(enforcer.expiredHolds());
            }
            if (wrong.length() > 0) {
                throw new IllegalStateException(when + ":" + wrong);
            }
        }

        void finish() {
            verify("at the end of the trial");
            Money spent = globalSpent();
            System.out.println();
            System.out.println("[AdmitComplete] " + enforcer.decisions(Outcome.ALLOW) + " admissions, all ALLOW; global "
                    + "bucket spent " + spent + " of " + global.limit() + " ("
                    + spent.amount().movePointRight(2).divide(global.limit().amount(), 4, java.math.RoundingMode.UP)
                    + " %)");
        }
    }

    /** The real figure: the enforcer over the real pricing code and the shipped list prices. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class RealPricing extends EnforcerState {

        @Setup(Level.Trial)
        public void setup() {
            build(new ShippedListPrices());
        }

        /** As the sweeper would, about once a second: trims the completion memory. */
        @TearDown(Level.Iteration)
        public void sweep() {
            enforcer.sweep();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            finish();
        }
    }

    /** Analysis aid: the same enforcer, but pricing answers precomputed quotes. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class ConstantPricing extends EnforcerState {

        @Setup(Level.Trial)
        public void setup() {
            build(new ConstantPrice(new ShippedListPrices(), provider, model, estimate, actual));
        }

        @TearDown(Level.Iteration)
        public void sweep() {
            enforcer.sweep();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            finish();
        }
    }

    /**
     * A registry that answers the two real quotes of this benchmark, computed once, without pricing
     * anything: the estimate's and the actual usage's (told apart by identity, one comparison).
     */
    static final class ConstantPrice implements PricingRegistry {
        private final Usage estimate;
        private final Usage actual;
        private final Quote estimateQuote;
        private final Quote actualQuote;

        ConstantPrice(PricingRegistry real, String provider, String model, Usage estimate, Usage actual) {
            Instant now = Instant.now();
            this.estimate = estimate;
            this.actual = actual;
            this.estimateQuote = real.quote(provider, model, estimate, now);
            this.actualQuote = real.quote(provider, model, actual, now);
        }

        @Override
        public Quote quote(String provider, String model, Usage usage, Instant at) {
            if (usage == estimate) {
                return estimateQuote;
            }
            if (usage == actual) {
                return actualQuote;
            }
            throw new IllegalStateException("not a usage of this benchmark: " + usage);
        }

        @Override
        public Quote quoteBatch(String provider, String model, Usage usage, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ModelPrice> price(String provider, String model, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ModelPrice> models() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Alternative> cheaperAlternatives(String provider, String model, Usage usage, Operation mode,
                boolean sameProvider, Instant at) {
            throw new UnsupportedOperationException("nothing is downgraded in this benchmark");
        }

        @Override
        public ImportReport importPrices(String format, String catalogueId, Reader source) {
            throw new UnsupportedOperationException();
        }
    }

    /** One caller thread: its own request ids and its own sequence of random users. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Caller {
        private static final AtomicInteger THREADS = new AtomicInteger();
        private static final int PICKS = 1 << 16;

        private String prefix;
        private long counter;
        private int[] picks;
        private int cursor;

        @Setup(Level.Trial)
        public void setup() {
            int thread = THREADS.incrementAndGet();
            prefix = "bench-" + thread + "-";
            SplittableRandom random = new SplittableRandom(20261128L + thread);
            picks = new int[PICKS];
            for (int i = 0; i < PICKS; i++) {
                picks[i] = random.nextInt(USERS);
            }
        }

        String nextRequestId() {
            return prefix + (++counter);
        }

        int nextUser() {
            int user = picks[cursor];
            cursor = (cursor + 1) & (PICKS - 1);
            return user;
        }
    }

    static UsageRecord admitAndComplete(EnforcerState state, Caller caller) {
        AdmissionRequest request = new AdmissionRequest(caller.nextRequestId(), state.provider, state.model,
                Operation.CHAT, state.users[caller.nextUser()], state.estimate, Instant.now());
        Admission admission = state.enforcer.admit(request);
        return state.enforcer.complete(admission, request.toReport(admission.model(), true, state.actual));
    }

    // ------------------------------------------------------------------ the real figure

    @Benchmark
    @Threads(1)
    public UsageRecord enforcer1T(RealPricing state, Caller caller) {
        return admitAndComplete(state, caller);
    }

    @Benchmark
    @Threads(2)
    public UsageRecord enforcer2T(RealPricing state, Caller caller) {
        return admitAndComplete(state, caller);
    }

    // ------------------------------------------------------------------ analysis aid: pricing left out

    @Benchmark
    @Threads(1)
    public UsageRecord constantPrice1T(ConstantPricing state, Caller caller) {
        return admitAndComplete(state, caller);
    }

    @Benchmark
    @Threads(2)
    public UsageRecord constantPrice2T(ConstantPricing state, Caller caller) {
        return admitAndComplete(state, caller);
    }

    // ------------------------------------------------------------------ baseline: bare CAS reserve

    /** One shared budget as a bare counter, in nano-dollars. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Counter {
        final AtomicLong spent = new AtomicLong();
        // Not final: the JIT must not fold them.
        long limit = Long.MAX_VALUE / 2;
        long estimate = ESTIMATE_NANOS;
        long actual = ACTUAL_NANOS;
    }

    /** Reserve: CAS the estimate in if it fits the limit. Settle: add actual - estimate. */
    static long reserveAndSettle(Counter counter) {
        AtomicLong spent = counter.spent;
        long estimate = counter.estimate;
        long current;
        do {
            current = spent.get();
            if (current + estimate > counter.limit) {
                return -1;
            }
        } while (!spent.compareAndSet(current, current + estimate));
        return spent.addAndGet(counter.actual - estimate);
    }

    @Benchmark
    @Threads(1)
    public long casReserve1T(Counter counter) {
        return reserveAndSettle(counter);
    }

    @Benchmark
    @Threads(2)
    public long casReserve2T(Counter counter) {
        return reserveAndSettle(counter);
    }
}
