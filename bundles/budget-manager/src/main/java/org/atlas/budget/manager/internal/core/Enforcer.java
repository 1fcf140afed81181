package org.atlas.budget.manager.internal.core;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.DeferredMatches;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.PolicyMatch;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.UnpricedAction;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.manager.internal.journal.HoldListener;
import org.atlas.budget.manager.internal.ledger.Bucket;
import org.atlas.budget.manager.internal.ledger.Ledger;
import org.atlas.budget.manager.internal.ledger.PeriodWindow;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.manager.internal.policy.Target;

/**
 * Admission, settlement and expiry of holds on the ledger: the heart of enforcement, free of
 * OSGi so it can be tested and measured directly.
 *
 * <p>The guarantee: an admission evaluates every matching policy and, if the combined outcome
 * admits the call, adds the worst-case estimate to every matching bucket while all of them are
 * locked, after checking {@code committed + held + estimate <= effective limit} on each. No
 * check is separated from its act, so concurrent admissions can never together pass a limit
 * that each alone respects. Overspend is then bounded by calls whose actual cost exceeds their
 * hold (an estimate that was not an upper bound); each such excess is reported.
 */
public final class Enforcer {

    /**
     * @param holdTtl          how long an unsettled hold lives before the sweeper releases it
     * @param throttleRetry    the wait a THROTTLE answers when open holds (calls in flight) are
     *                         what keeps a call from fitting: they may settle below their estimate
     * @param completionMemory how long completions are remembered in memory to answer retries
     *                         idempotently; an older duplicate is recognised by the tracker's
     *                         durable record of its request id
     * @param completionMemoryEntries the most completions remembered in memory (the oldest go first)
     */
    public record Settings(java.util.Currency currency, Duration holdTtl, Duration throttleRetry,
            Duration completionMemory, int completionMemoryEntries) {

        public static final Settings DEFAULT = new Settings(java.util.Currency.getInstance("USD"),
                Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofMinutes(10), 100_000);
    }

    /** The ledger part of a completion: the charge, or the record a duplicate already has. */
    private record Settlement(Charge charge, List<LedgerEntry> ledger, UsageRecord alreadyRecorded) {
    }

    private final Supplier<PricingRegistry> pricing;
    private final Supplier<UsageTracker> tracker;
    private final EnforcementEvents events;
    private final Clock clock;
    private volatile Settings settings;
    private volatile PolicyIndex index = PolicyIndex.EMPTY;

    private final Ledger ledger = new Ledger();
    private final PeriodWindow.Cache windows = new PeriodWindow.Cache();
    private final ConcurrentHashMap<String, OpenHold> holds = new ConcurrentHashMap<>();
    /** Completions running, failed ones a retry resumes from, and finished ones for duplicates. */
    private final CompletionMemory memory;
    private final Map<Outcome, LongAdder> decisions = new java.util.EnumMap<>(Outcome.class);
    private final LongAdder overspends = new LongAdder();
    private final LongAdder unpricedCalls = new LongAdder();
    private final LongAdder expiredHolds = new LongAdder();
    /** Write-behind of holds to the store; it only enqueues (see HoldJournal). */
    private volatile HoldListener journal = HoldListener.NONE;

    public Enforcer(Supplier<PricingRegistry> pricing, Supplier<UsageTracker> tracker, EnforcementEvents events,
            Clock clock, Settings settings) {
        this.pricing = pricing;
        this.tracker = tracker;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.memory = new CompletionMemory(settings.completionMemoryEntries());
        for (Outcome outcome : Outcome.values()) {
            decisions.put(outcome, new LongAdder());
        }
    }

    public void journal(HoldListener listener) {
        journal = listener;
    }

    public void settings(Settings newSettings) {
        settings = newSettings;
        memory.resize(newSettings.completionMemoryEntries());
    }

    public void policies(PolicyIndex newIndex) {
        Instant now = clock.instant();
        for (BudgetPolicy policy : newIndex.policies()) {
            ledger.inForce(policy.id(), now);
        }
        index = newIndex;
    }

    public PolicyIndex policies() {
        return index;
    }

    public void forget(String policyId) {
        ledger.forget(policyId);
    }

    // ---------------------------------------------------------------- admission

    public Admission admit(AdmissionRequest request) {
        return admit(request, true, false);
    }

    /** What an admission would decide now, holding nothing. */
    public Decision check(AdmissionRequest request) {
        return admit(request, true, true).decision();
    }

    private Admission admit(AdmissionRequest request, boolean mayDowngrade, boolean dryRun) {
        Instant now = clock.instant();
        List<Target> targets = index.match(request);
        dropNotInForce(targets, now);
        if (targets.isEmpty()) {
            count(Outcome.ALLOW, dryRun || !mayDowngrade);
            return new Admission(dryRun ? null : newId(), request, Decision.allowUnconstrained(),
                    Money.zero(settings.currency()), null);
        }
        // The total is all admission reads: no cost lines are built (see PricingRegistry.quoteTotal).
        Quote quote = pricing().quoteTotal(request.provider(), request.model(), request.estimate(), now);
        // Rounded once per admission, not once per matching policy: they share the quote's currency.
        Money reserved = quote.isPriced() ? Money.of(quote.exactCost(), quote.currency(), Money.RESERVE_ROUNDING)
                : null;
        long quotedEstimate = reserved != null ? reserved.toNanos() : 0;
        Evaluation[] evals = new Evaluation[targets.size()];
        Bucket[] buckets = new Bucket[evals.length];
        for (int i = 0; i < evals.length; i++) {
            Target target = targets.get(i);
            Ledger.Current current = ledger.current(target.indexed(), now);
            PeriodWindow window = current.window(now);
            buckets[i] = current.bucket(target.scopeValue(), now, window);
            evals[i] = new Evaluation(target, buckets[i], window, request.estimate(), quote, quotedEstimate);
        }
        Outcome combined = Outcome.ALLOW;
        String admissionId = null;
        long[] amounts = null;
        Instant expiresAt = null;
        Duration throttleRetry = settings.throttleRetry();
        Ledger.Locked locks;
        // Only long arithmetic while the buckets are locked: the check and the hold. Every word
        // and answer object of the decision is built after, from the figures captured here.
        try (Ledger.Locked locked = Ledger.lockAll(buckets)) {
            locks = locked;
            for (Evaluation eval : evals) {
                eval.judge(now, throttleRetry);
                combined = Outcome.mostRestrictive(eval.outcome, combined);
            }
            if (!dryRun && (combined == Outcome.ALLOW || combined == Outcome.WARN)) {
                amounts = new long[evals.length];
                for (int i = 0; i < evals.length; i++) {
                    amounts[i] = evals[i].estimate;
                    Ledger.hold(buckets[i], amounts[i]);
                }
            }
        }
        if (amounts != null) {
            admissionId = newId();
            expiresAt = now.plus(settings.holdTtl());
        }
        Verdict verdict = decide(evals, now);
        if (verdict.outcome() == Outcome.DOWNGRADE) {
            return mayDowngrade ? downgrade(request, verdict, dryRun)
                    : new Admission(null, request, verdict.blocked(request.model() + " does not fit either"),
                            Money.zero(settings.currency()), null);
        }
        Decision decision = verdict.toDecision();
        count(decision.outcome(), dryRun || !mayDowngrade);
        for (Evaluation eval : evals) {
            if (eval.unpriced() && decision.outcome().admits()) {
                unpricedCalls.increment();
                events.unpriced(request.provider(), request.model(), request.requestId(), eval.policy().id());
            }
        }
        if (decision.outcome() != Outcome.ALLOW && !dryRun) {
            events.decided(request, decision);
        }
        if (amounts == null) {
            return new Admission(null, request, decision, Money.zero(settings.currency()), null);
        }
        OpenHold open = new OpenHold(admissionId, request, targets.toArray(new Target[0]), buckets, amounts, now,
                expiresAt, locks);
        holds.put(admissionId, open);
        journal.opened(open);
        return new Admission(admissionId, request, decision, maxHold(evals, amounts, reserved, quotedEstimate),
                expiresAt);
    }

    /** Removes the targets whose policy's period has not begun or has ended at {@code at}. */
    private static void dropNotInForce(List<Target> targets, Instant at) {
        for (int i = targets.size() - 1; i >= 0; i--) {
            if (!targets.get(i).policy().period().covers(at)) {
                targets.remove(i);
            }
        }
    }

    /** Counts real decisions only: not checks, not the alternatives tried for a downgrade. */
    private void count(Outcome outcome, boolean skip) {
        if (!skip) {
            decisions.get(outcome).increment();
        }
    }

    /**
     * A policy wants a cheaper model: the cheapest model of the same provider, mode and
     * capabilities whose worst case fits every matching policy (each alternative is admitted for
     * real, so the hold is taken on its worst case), else BLOCK.
     */
    private Admission downgrade(AdmissionRequest request, Verdict original, boolean dryRun) {
        List<Alternative> alternatives = pricing().cheaperAlternatives(request.provider(), request.model(),
                request.estimate(), request.operation(), true, request.timestamp());
        for (Alternative alternative : alternatives) {
            Admission attempt = admit(request.withModel(alternative.model()), false, dryRun);
            if (attempt.decision().outcome() == Outcome.ALLOW || attempt.decision().outcome() == Outcome.WARN) {
                List<String> reasons = new ArrayList<>(original.reasons());
                reasons.add("downgraded from " + request.model() + " to " + alternative.model() + ", saving about "
                        + alternative.saving() + " on the worst case");
                Decision decision = new Decision(Outcome.DOWNGRADE, original.policyId(), attempt.decision().matches(),
                        alternative.model(), null, reasons);
                count(Outcome.DOWNGRADE, dryRun);
                if (!dryRun) {
                    events.decided(request, decision);
                }
                return new Admission(attempt.admissionId(), attempt.request(), decision, attempt.hold(),
                        attempt.expiresAt());
            }
        }
        Decision blocked = original.blocked("no cheaper model of the same kind from " + request.provider() + " fits");
        count(Outcome.BLOCK, dryRun);
        if (!dryRun) {
            events.decided(request, blocked);
        }
        return new Admission(null, request, blocked, Money.zero(settings.currency()), null);
    }

    /**
     * The one comparison rule: the most restrictive outcome wins; between equally restrictive
     * ones, the higher priority, then the smaller remaining budget, then the policy id.
     */
    private static final Comparator<Evaluation> RESTRICTIVENESS = Comparator
            .comparing((Evaluation e) -> e.outcome)
            .thenComparingInt(e -> e.policy().priority())
            .thenComparing(Comparator.comparingLong(Evaluation::remainingAfter).reversed())
            .thenComparing(e -> e.policy().id(), Comparator.reverseOrder());

    /** The combined judgement of every matching policy, before a DOWNGRADE is resolved. */
    private record Verdict(Outcome outcome, String policyId, List<PolicyMatch> matches, List<String> reasons,
            Duration retryAfter) {

        Decision toDecision() {
            return new Decision(outcome, outcome == Outcome.ALLOW ? null : policyId, matches, null, retryAfter,
                    reasons);
        }

        Decision blocked(String why) {
            List<String> all = new ArrayList<>(reasons);
            all.add(why);
            return new Decision(Outcome.BLOCK, policyId, matches, null, null, all);
        }
    }

    private static final List<String> WITHIN_EVERY_BUDGET = List.of("within every matching budget");

    /** Words every judgement and picks the deciding one; runs after the locks are released. */
    private static Verdict decide(Evaluation[] evals, Instant now) {
        List<String> reasons = null;
        for (Evaluation eval : evals) {
            eval.explain();
            if (eval.outcome != Outcome.ALLOW) {
                if (reasons == null) {
                    reasons = new ArrayList<>();
                }
                reasons.add(eval.reason);
            }
        }
        // No reasons: every policy allows, and no policy decides an ALLOW (it names none and has
        // no wait), so the comparison chain, which reads every policy's priority, remainder and
        // id, is skipped.
        Evaluation decider = evals[0];
        for (int i = 1; reasons != null && i < evals.length; i++) {
            if (RESTRICTIVENESS.compare(evals[i], decider) > 0) {
                decider = evals[i];
            }
        }
        // Built when first read, from the figures judge() captured (the evaluations do not change
        // after this): most allowed calls never read them, and they were most of an admission's
        // allocation.
        List<PolicyMatch> matches = new DeferredMatches(evals.length,
                i -> new PolicyMatch(evals[i].status(now), evals[i].outcome, evals[i].reason));
        return new Verdict(decider.outcome, decider.policy().id(), matches,
                reasons == null ? WITHIN_EVERY_BUDGET : reasons,
                decider.outcome == Outcome.THROTTLE ? decider.retryAfter : null);
    }

    private static Money maxHold(Evaluation[] evals, long[] amounts, Money reserved, long quotedEstimate) {
        // Admission carries one figure; with mixed currencies the first policy's currency is named.
        long max = 0;
        for (long amount : amounts) {
            max = Math.max(max, amount);
        }
        java.util.Currency currency = evals[0].policy().limit().currency();
        // Usually the quote's rounded estimate itself: no second conversion to Money.
        if (reserved != null && reserved.currency().equals(currency) && quotedEstimate == max) {
            return reserved;
        }
        return Money.ofNanos(max, currency);
    }

    // ---------------------------------------------------------------- settlement

    /** Prices the actual usage, settles the hold and records the call; idempotent on the request id. */
    public UsageRecord complete(Admission admission, UsageReport report) {
        String requestId = report.requestId();
        // One clock read per completion: it starts the entry, settles, stamps and remembers the record.
        Instant now = clock.instant();
        Completion mine = new Completion(requestId, now.toEpochMilli());
        Object taken = memory.claim(mine);
        if (taken instanceof UsageRecord remembered) {
            return remembered;
        }
        if (taken instanceof Completion earlier) {
            if (!earlier.failed()) {
                return earlier.await();
            }
            // An earlier attempt failed: take over, keeping what it settled on the ledger.
            if (!memory.takeOver(earlier, mine)) {
                return complete(admission, report);
            }
            mine.settled = earlier.settled;
            mine.ledger = earlier.ledger;
        }
        UsageRecord record;
        try {
            if (mine.settled == null) {
                Settlement settlement = settle(admission, report, now);
                if (settlement.alreadyRecorded() != null) {
                    finish(mine, settlement.alreadyRecorded(), now);
                    return settlement.alreadyRecorded();
                }
                mine.ledger = settlement.ledger();
                mine.settled = settlement.charge();
            }
            UsageTracker recorder = tracker.get();
            record = recorder != null ? recorder.record(report, mine.settled, mine.ledger)
                    : new UsageRecord(report, mine.settled, now, mine.ledger);
        } catch (RuntimeException | Error e) {
            // The entry stays in flight: waiting duplicates see the error, and a retry resumes from here.
            mine.fail(e);
            throw e;
        }
        finish(mine, record, now);
        return record;
    }

    /** Answers the duplicates waiting for this completion, then remembers its record for later ones. */
    private void finish(Completion mine, UsageRecord record, Instant now) {
        mine.succeed(record);
        memory.finish(mine, record, now.toEpochMilli());
    }

    private Settlement settle(Admission admission, UsageReport report, Instant now) {
        OpenHold hold = admission == null || admission.admissionId() == null ? null
                : holds.remove(admission.admissionId());
        if (hold == null) {
            UsageRecord recorded = alreadyRecorded(report.requestId());
            if (recorded != null) {
                return new Settlement(null, List.of(), recorded);
            }
        }
        try {
            Settlement settlement = charge(hold, report, now);
            if (hold != null) {
                journal.ended(hold.admissionId());
            }
            return settlement;
        } catch (RuntimeException | Error e) {
            // Nothing was charged (pricing failed, or the buckets could not be found): the hold
            // goes back, so a retry settles it or the sweeper releases it.
            if (hold != null) {
                holds.putIfAbsent(hold.admissionId(), hold);
            }
            throw e;
        }
    }

    private Settlement charge(OpenHold hold, UsageReport report, Instant now) {
        Target[] targets;
        Bucket[] buckets;
        long[] held;
        Ledger.Locked locks = null;
        if (hold != null) {
            targets = hold.targets();
            buckets = hold.buckets();
            held = hold.amounts();
            locks = hold.locks();
        } else {
            // No hold (expired, forgotten by a restart, or never taken): the call is still
            // charged, by its request id, to the budgets it matches at its own timestamp.
            List<Target> matched = index.match(report.provider(), report.model(), report.dimensions());
            dropNotInForce(matched, report.timestamp());
            targets = matched.toArray(new Target[0]);
            buckets = new Bucket[targets.length];
            held = new long[targets.length];
            for (int i = 0; i < targets.length; i++) {
                Instant at = report.timestamp();
                buckets[i] = ledger.bucket(targets[i].policy(), targets[i].scopeValue(), at,
                        windows.of(targets[i].policy(), at));
            }
        }
        Quote quote = pricing().quoteTotal(report.provider(), report.model(), report.usage(), report.timestamp());
        long[] costs = new long[targets.length];
        Charge charge = quote.toCharge();
        // The charge's cost is the quote rounded half-even once; every policy in the quote's
        // currency is charged that same amount, and its ledger entries share that Money.
        Money quotedCost = quote.isPriced() ? charge.cost() : null;
        long quotedNanos = quotedCost != null ? quotedCost.toNanos() : 0;
        // The ledger entries are made here, with their amounts: a bucket's entry key depends on
        // the bucket and the time only, not on its figures, so it needs no lock.
        LedgerEntry[] entries = new LedgerEntry[targets.length];
        for (int i = 0; i < targets.length; i++) {
            BudgetPolicy policy = targets[i].policy();
            java.util.Currency currency = targets[i].indexed().currency();
            if (quotedCost != null && quotedCost.currency().equals(currency)) {
                costs[i] = quotedNanos;
                entries[i] = new LedgerEntry(buckets[i].entryKey(now), quotedCost);
                continue;
            }
            BigDecimal exact = exactCost(policy, quote, report.usage());
            if (exact == null) {
                costs[i] = 0;
                entries[i] = new LedgerEntry(buckets[i].entryKey(now), targets[i].indexed().money(0));
                unpricedCalls.increment();
                events.unpriced(report.provider(), report.model(), report.requestId(), policy.id());
                continue;
            }
            Money cost = Money.of(exact, currency, Money.SETTLE_ROUNDING);
            costs[i] = cost.toNanos();
            entries[i] = new LedgerEntry(buckets[i].entryKey(now), cost);
            if (!quote.isPriced() && charge.status() == PricingStatus.UNPRICED) {
                charge = new Charge(PricingStatus.FALLBACK, cost, "fallback:" + policy.id(), "policy:" + policy.id());
            }
        }
        try (Ledger.Locked locked = locks != null ? locks.lockAgain() : Ledger.lockAll(buckets)) {
            for (int i = 0; i < buckets.length; i++) {
                Ledger.settle(buckets[i], held[i], costs[i], now);
            }
        }
        // List.of: UsageRecord's List.copyOf then keeps it instead of copying it again.
        List<LedgerEntry> ledgerEntries = List.of(entries);
        if (hold != null) {
            for (int i = 0; i < buckets.length; i++) {
                if (costs[i] > held[i]) {
                    overspends.increment();
                    java.util.Currency currency = targets[i].policy().limit().currency();
                    events.overspent(report, targets[i].policy().id(), Money.ofNanos(held[i], currency),
                            Money.ofNanos(costs[i], currency));
                }
            }
        }
        return new Settlement(charge, ledgerEntries, null);
    }

    /** A durable record of the request id, for duplicates older than the in-memory memory. */
    private UsageRecord alreadyRecorded(String requestId) {
        UsageTracker recorder = tracker.get();
        return recorder == null ? null : recorder.find(requestId).orElse(null);
    }

    /** Ends a call without a normal completion: releases its hold, or charges what it consumed. */
    public void abort(Admission admission, Usage consumed, String cause) {
        if (admission == null || admission.admissionId() == null) {
            return;
        }
        if (!consumed.equals(Usage.NONE) && hasAnyUsage(consumed)) {
            complete(admission, admission.request().toReport(admission.model(), false, consumed));
            return;
        }
        OpenHold hold = holds.remove(admission.admissionId());
        if (hold != null) {
            release(hold);
            journal.ended(hold.admissionId());
        }
    }

    private static boolean hasAnyUsage(Usage usage) {
        return usage.inputTokens() > 0 || usage.outputTokens() > 0 || !usage.images().isEmpty()
                || usage.audioSeconds().signum() > 0 || usage.characters() > 0;
    }

    private static void release(OpenHold hold) {
        try (Ledger.Locked locked = hold.locks().lockAgain()) {
            for (int i = 0; i < hold.buckets().length; i++) {
                Ledger.release(hold.buckets()[i], hold.amounts()[i]);
            }
        }
    }

    /** Releases holds past their expiry and forgets old completions; the sweeper calls it. */
    public int sweep() {
        Instant now = clock.instant();
        int expired = 0;
        for (OpenHold hold : holds.values()) {
            if (!hold.expiresAt().isAfter(now) && holds.remove(hold.admissionId(), hold)) {
                release(hold);
                journal.ended(hold.admissionId());
                expired++;
                expiredHolds.increment();
                events.expired(hold.toHold());
            }
        }
        forgetOldCompletions(now);
        return expired;
    }

    /**
     * Forgets remembered completions past the memory's age, and failed ones that no retry took
     * over within it (or, past the memory's size, the oldest failed ones first).
     */
    private void forgetOldCompletions(Instant now) {
        long forgetBefore = now.minus(settings.completionMemory()).toEpochMilli();
        memory.forgetBefore(forgetBefore);
        List<Completion> failed = memory.failed();
        failed.sort(Comparator.comparingLong(c -> c.startedAtMillis));
        int excess = failed.size() - settings.completionMemoryEntries();
        for (Completion completion : failed) {
            if (completion.startedAtMillis >= forgetBefore && excess <= 0) {
                break;
            }
            memory.forgetFailed(completion);
            excess--;
        }
    }

    // ---------------------------------------------------------------- restore (journal.LedgerRestore)

    /**
     * Adds committed spend read from the store to its bucket, before admissions are served.
     * Returns false when the entry belongs to no bucket of the policy as it is now (its period
     * was changed since), so the caller can report it.
     */
    public boolean restoreCommitted(BudgetPolicy policy, LedgerEntry entry) {
        Instant at = entry.bucket().periodStart();
        PeriodWindow window = restoreWindow(policy, at);
        if (window == null) {
            return false;
        }
        Bucket bucket = ledger.bucket(policy, entry.bucket().scopeValue(), at, window);
        long amount = entry.amount().toNanos();
        bucket.locked(() -> {
            Ledger.restore(bucket, amount, at);
            return null;
        });
        return true;
    }

    /** Holds again what a hold read from the store held on the buckets whose policies still exist. */
    public boolean restoreHold(org.atlas.budget.api.model.Hold hold, Map<String, BudgetPolicy> policiesById) {
        List<Target> targets = new ArrayList<>();
        List<Bucket> buckets = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        for (Map.Entry<org.atlas.budget.api.model.BucketKey, Money> held : hold.amounts().entrySet()) {
            BudgetPolicy policy = policiesById.get(held.getKey().policyId());
            if (policy == null || !policy.limit().currency().equals(held.getValue().currency())) {
                continue;
            }
            Instant at = policy.period().kind().isRolling() ? hold.createdAt() : held.getKey().periodStart();
            PeriodWindow window = restoreWindow(policy, at);
            if (window == null) {
                continue;
            }
            targets.add(new Target(policy, held.getKey().scopeValue()));
            buckets.add(ledger.bucket(policy, held.getKey().scopeValue(), at, window));
            amounts.add(held.getValue().toNanos());
        }
        if (targets.isEmpty()) {
            return false;
        }
        Bucket[] bucketArray = buckets.toArray(new Bucket[0]);
        long[] amountArray = amounts.stream().mapToLong(Long::longValue).toArray();
        Ledger.Locked locks;
        try (Ledger.Locked locked = Ledger.lockAll(bucketArray)) {
            locks = locked;
            for (int i = 0; i < bucketArray.length; i++) {
                Ledger.hold(bucketArray[i], amountArray[i]);
            }
        }
        // The original request is not stored with the hold; only its id is needed from here on.
        AdmissionRequest request = new AdmissionRequest(hold.requestId(), "restored", "restored",
                org.atlas.budget.api.model.Operation.OTHER, null, Usage.NONE, hold.createdAt());
        holds.put(hold.admissionId(), new OpenHold(hold.admissionId(), request, targets.toArray(new Target[0]),
                bucketArray, amountArray, hold.createdAt(), hold.expiresAt(), locks));
        return true;
    }

    /** The window of the bucket that starts at {@code at}, or null when the policy has no such bucket. */
    private static PeriodWindow restoreWindow(BudgetPolicy policy, Instant at) {
        if (policy.period().kind().isRolling()) {
            return new PeriodWindow(at, null);
        }
        Instant start = policy.period().start(at);
        return start.equals(at) ? new PeriodWindow(start, policy.period().end(at)) : null;
    }

    // ---------------------------------------------------------------- queries

    public int openHolds() {
        return holds.size();
    }

    public List<org.atlas.budget.api.model.Hold> holds() {
        List<org.atlas.budget.api.model.Hold> result = new ArrayList<>();
        for (OpenHold hold : holds.values()) {
            result.add(hold.toHold());
        }
        return result;
    }

    public long decisions(Outcome outcome) {
        return decisions.get(outcome).sum();
    }

    public long overspends() {
        return overspends.sum();
    }

    public long unpricedCalls() {
        return unpricedCalls.sum();
    }

    public long expiredHolds() {
        return expiredHolds.sum();
    }

    /** The buckets of a policy in the current period, one per scope value seen, sorted by value. */
    public List<BucketStatus> spend(BudgetPolicy policy) {
        Instant now = clock.instant();
        PeriodWindow window = windows.of(policy, now);
        Instant currentStart = policy.period().kind().isRolling() ? Instant.EPOCH : window.start();
        List<BucketStatus> result = new ArrayList<>();
        for (Bucket bucket : ledger.bucketsOf(policy.id())) {
            if (bucket.key().periodStart().equals(currentStart)) {
                result.add(bucket.locked(() -> Evaluation.status(policy, bucket, window, now)));
            }
        }
        result.sort(Comparator.comparing(BucketStatus::scopeValue));
        return result;
    }

    /** The exact cost a policy charges for a usage, or {@code null} when it has no price for it. */
    static BigDecimal exactCost(BudgetPolicy policy, Quote quote, Usage usage) {
        if (quote.isPriced() && quote.currency().equals(policy.limit().currency())) {
            return quote.exactCost();
        }
        if (policy.unpriced() == UnpricedAction.FALLBACK) {
            return FallbackPricing.cost(policy.fallbackRates(), usage);
        }
        return null;
    }

    private PricingRegistry pricing() {
        PricingRegistry registry = pricing.get();
        if (registry == null) {
            throw new org.atlas.budget.api.BudgetUnavailableException("no PricingRegistry is available");
        }
        return registry;
    }

    /**
     * Admission ids: a random prefix per enforcer (so ids differ across restarts and nodes) and a
     * number. UUID.randomUUID would serialise every admission on the platform's SecureRandom; one
     * shared counter made every admission of one core take the counter's cache line from the
     * other. So each thread counts on one of {@link #ID_STRIPES} counters, chosen by its id, and
     * the number is {@code count * ID_STRIPES + stripe}: unique whichever threads share a stripe.
     */
    private final String idPrefix = UUID.randomUUID().toString().substring(0, 13) + "-";
    private static final int ID_STRIPES = 16;
    /** Longs from one counter to the next: 128 bytes, so no two share a cache line (or its pair). */
    private static final int ID_SPACING = 16;
    private final java.util.concurrent.atomic.AtomicLongArray idCounters =
            new java.util.concurrent.atomic.AtomicLongArray((ID_STRIPES + 1) * ID_SPACING);

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19 and later; getId() is the same number
    private String newId() {
        int stripe = (int) Thread.currentThread().getId() & (ID_STRIPES - 1);
        // (stripe + 1): the array's first line is shared with its header and whatever lies before it.
        long count = idCounters.incrementAndGet((stripe + 1) * ID_SPACING);
        return idPrefix + Long.toHexString(count * ID_STRIPES + stripe);
    }
}
