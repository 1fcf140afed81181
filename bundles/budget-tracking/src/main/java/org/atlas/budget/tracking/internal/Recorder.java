package org.atlas.budget.tracking.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * The recording pipeline, free of OSGi: validate, price, deduplicate, persist, publish.
 *
 * <p>A report recorded without an admission still counts against the budgets: when a
 * {@link UsageInterceptor} is present, it is handed the report ({@code complete(null, report)}),
 * charges the budgets the report matches at its timestamp and calls back
 * {@link #record(UsageReport, Charge, List)}, which only stores. That callback never delegates, so
 * there is no cycle; and a re-entrant {@code record(report)} on the same thread (an interceptor
 * that records through the tracker) is priced and stored here instead of delegated again.
 *
 * <p>Deduplication on the request id happens at three levels: a stored record answers a retry;
 * concurrent duplicates of {@link #record(UsageReport)} in this process wait for the first one;
 * and the store's idempotent {@code append} settles every other race (another node, or the
 * interceptor's own settlement), the loser returning the stored record and charging nothing.
 * {@link #record(UsageReport, Charge, List)} never waits for another recording: the interceptor
 * may be waiting for it, and a wait there could close a cycle.
 */
public final class Recorder implements UsageTracker {

    /** What the recorder tells the outside world about records it stored (never about duplicates). */
    public interface Events extends Consumer<UsageRecord> {
        Events NONE = record -> {
        };
    }

    private final BudgetStore store;
    private final Supplier<PricingRegistry> pricing;
    private final Supplier<UsageInterceptor> interceptor;
    private final Events events;
    private final Clock clock;
    private volatile Duration maxFutureSkew;

    private final ConcurrentHashMap<String, CompletableFuture<UsageRecord>> inFlight = new ConcurrentHashMap<>();
    /** The request id this thread is handing to the interceptor, and what came back from it. */
    private final ThreadLocal<Delegation> delegating = new ThreadLocal<>();

    private static final class Delegation {
        final String requestId;
        UsageRecord stored;

        Delegation(String requestId) {
            this.requestId = requestId;
        }
    }

    public Recorder(BudgetStore store, Supplier<PricingRegistry> pricing, Supplier<UsageInterceptor> interceptor,
            Events events, Clock clock, Duration maxFutureSkew) {
        this.store = store;
        this.pricing = pricing;
        this.interceptor = interceptor;
        this.events = events;
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public void maxFutureSkew(Duration skew) {
        maxFutureSkew = skew;
    }

    // ------------------------------------------------------------------ recording

    @Override
    public UsageRecord record(UsageReport report) {
        validate(report);
        Delegation delegation = delegating.get();
        if (delegation != null) {
            // Re-entered from the interceptor on the thread that delegates: waiting for the
            // in-flight recording would wait for itself, and delegating again would never end.
            UsageRecord result = store.findUsage(report.requestId()).orElseGet(() -> store(price(report)));
            if (delegation.requestId.equals(report.requestId())) {
                delegation.stored = result;
            }
            return result;
        }
        return once(report.requestId(), () -> recordNew(report));
    }

    @Override
    public UsageRecord record(UsageReport report, Charge charge, List<LedgerEntry> ledger) {
        validate(report);
        if (charge == null) {
            throw new IllegalArgumentException("charge is required");
        }
        if (ledger == null) {
            throw new IllegalArgumentException("ledger is required (empty when no budget was charged)");
        }
        UsageRecord record = new UsageRecord(report, charge, clock.instant(), ledger);
        // Never waits for another recording of the same id (that one may be waiting inside the
        // interceptor for this one): the store's idempotent append settles such races.
        UsageRecord result = store(record);
        Delegation delegation = delegating.get();
        if (delegation != null && delegation.requestId.equals(report.requestId())) {
            delegation.stored = result;
        }
        return result;
    }

    @Override
    public List<UsageRecord> recordAll(List<UsageReport> reports) {
        if (reports == null) {
            throw new IllegalArgumentException("reports is required");
        }
        // Bad input changes nothing: every report is checked before the first is recorded.
        for (int i = 0; i < reports.size(); i++) {
            try {
                validate(reports.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("report " + i + ": " + e.getMessage(), e);
            }
        }
        if (interceptor.get() != null) {
            List<UsageRecord> result = new ArrayList<>(reports.size());
            for (UsageReport report : reports) {
                result.add(record(report));
            }
            return result;
        }
        return recordBatchUnbudgeted(reports);
    }

    /**
     * Without an interceptor no budget is charged, so a batch is priced and appended in one
     * store call (one group commit) instead of one per report.
     */
    private List<UsageRecord> recordBatchUnbudgeted(List<UsageReport> reports) {
        Map<String, UsageRecord> candidates = new LinkedHashMap<>();
        for (UsageReport report : reports) {
            if (!candidates.containsKey(report.requestId())) {
                candidates.put(report.requestId(), price(report));
            }
        }
        List<UsageRecord> appended = store.append(new ArrayList<>(candidates.values()));
        Map<String, UsageRecord> byId = new HashMap<>();
        for (UsageRecord record : appended) {
            byId.put(record.requestId(), record);
            events.accept(record);
        }
        List<UsageRecord> result = new ArrayList<>(reports.size());
        for (UsageReport report : reports) {
            UsageRecord record = byId.get(report.requestId());
            if (record == null) {
                record = storedOrFail(report.requestId());
                byId.put(report.requestId(), record);
            }
            result.add(record);
        }
        return result;
    }

    private UsageRecord recordNew(UsageReport report) {
        UsageInterceptor budgets = interceptor.get();
        if (budgets == null) {
            return store(price(report));
        }
        Delegation delegation = new Delegation(report.requestId());
        delegating.set(delegation);
        UsageRecord returned;
        try {
            returned = budgets.complete(null, report);
        } finally {
            delegating.remove();
        }
        if (delegation.stored != null) {
            return delegation.stored;
        }
        // The interceptor answered without storing through us: a duplicate it already knew, or
        // a record it could not hand to a tracker. What is returned must be durable.
        Optional<UsageRecord> stored = store.findUsage(report.requestId());
        if (stored.isPresent()) {
            return stored.get();
        }
        if (returned == null) {
            throw new IllegalStateException("the UsageInterceptor returned no record for " + report.requestId());
        }
        return store(returned);
    }

    private UsageRecord price(UsageReport report) {
        PricingRegistry registry = pricing.get();
        if (registry == null) {
            throw new BudgetUnavailableException("no PricingRegistry is available to price " + report.requestId());
        }
        Charge charge = registry.quoteTotal(report.provider(), report.model(), report.usage(), report.timestamp())
                .toCharge();
        return new UsageRecord(report, charge, clock.instant(), List.of());
    }

    /** Appends one record; a record the store already had (another node won) is returned instead. */
    private UsageRecord store(UsageRecord record) {
        List<UsageRecord> appended = store.append(List.of(record));
        if (appended.isEmpty()) {
            return storedOrFail(record.requestId());
        }
        UsageRecord result = appended.get(0);
        events.accept(result);
        return result;
    }

    private UsageRecord storedOrFail(String requestId) {
        return store.findUsage(requestId).orElseThrow(() -> new BudgetUnavailableException("the store did not"
                + " append " + requestId + " and does not find it either"));
    }

    /** Runs {@code work} once per request id at a time; concurrent duplicates get its result. */
    private UsageRecord once(String requestId, Supplier<UsageRecord> work) {
        CompletableFuture<UsageRecord> mine = new CompletableFuture<>();
        CompletableFuture<UsageRecord> earlier = inFlight.putIfAbsent(requestId, mine);
        if (earlier != null) {
            try {
                return earlier.join();
            } catch (CompletionException e) {
                // The first attempt failed, so nothing was stored; this duplicate tries itself.
                Optional<UsageRecord> stored = store.findUsage(requestId);
                if (stored.isPresent()) {
                    return stored.get();
                }
                return once(requestId, work);
            }
        }
        try {
            Optional<UsageRecord> stored = store.findUsage(requestId);
            UsageRecord result = stored.isPresent() ? stored.get() : work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(requestId, mine);
        }
    }

    /**
     * The records validate their own fields (negative counts, cached above input, reasoning above
     * output, sums that overflow); here what only the tracker can judge.
     */
    private void validate(UsageReport report) {
        if (report == null) {
            throw new IllegalArgumentException("report is required");
        }
        Instant latest = clock.instant().plus(maxFutureSkew);
        if (report.timestamp().isAfter(latest)) {
            throw new IllegalArgumentException("timestamp " + report.timestamp() + " of " + report.requestId()
                    + " lies in the future (more than " + maxFutureSkew.toSeconds() + " s ahead of this node's clock)");
        }
    }

    // ------------------------------------------------------------------ reading

    @Override
    public Optional<UsageRecord> find(String requestId) {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("requestId is required");
        }
        return store.findUsage(requestId.strip());
    }

    @Override
    public Page<UsageRecord> history(UsageQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query is required");
        }
        return store.queryUsage(query);
    }
}
