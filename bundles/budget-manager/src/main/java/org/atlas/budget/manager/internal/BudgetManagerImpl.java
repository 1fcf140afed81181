package org.atlas.budget.manager.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.BudgetEvents;
import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.EnforcementStats;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.api.spi.BudgetStore;
import org.atlas.budget.manager.internal.core.EnforcementEvents;
import org.atlas.budget.manager.internal.core.Enforcer;
import org.atlas.budget.manager.internal.core.MillisecondClock;
import org.atlas.budget.manager.internal.journal.HoldJournal;
import org.atlas.budget.manager.internal.journal.LedgerRestore;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BudgetManager and the UsageInterceptor over one in-memory ledger.
 *
 * <p>Every collaborator is an optional, dynamic reference on purpose: the ledger (holds of calls
 * in flight, spend of the current periods) lives in this component, and a restart of the pricing,
 * tracking or store bundle must not throw it away. Without a PricingRegistry, admissions fail with
 * {@link org.atlas.budget.api.BudgetUnavailableException}, and the host's guard applies its fail
 * mode.
 *
 * <p>Policies come from two sources: created here (and kept in the BudgetStore when one is
 * present) and declared in {@code etc/} (read-only here). An id belongs to one source.
 */
@Component(service = {BudgetManager.class, UsageInterceptor.class, ConfiguredPolicies.class},
        configurationPid = "org.atlas.budget", immediate = true)
@Designate(ocd = ManagerConfig.class)
public final class BudgetManagerImpl implements BudgetManager, UsageInterceptor, ConfiguredPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetManagerImpl.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PricingRegistry pricing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UsageTracker tracker;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile BudgetStore store;

    private final Enforcer enforcer;
    private final ScheduledExecutorService sweeper;
    private final HoldJournal journal;
    /** Open once the ledger is rebuilt from a store (or at once when no store is required). */
    private final java.util.concurrent.CountDownLatch ledgerReady = new java.util.concurrent.CountDownLatch(1);
    /** Until when (System.nanoTime) an admission waits for the ledger: the start-up grace. */
    private final long storeWaitUntil;
    /** Whether a store has rebuilt the ledger; later stores are only brought up to date. */
    private boolean restored;
    /** Policies created through this service (and the store), by id. */
    private final Map<String, BudgetPolicy> managed = new ConcurrentHashMap<>();
    /** Policies created, changed (present) or deleted (empty) while no store was bound; guarded by this. */
    private final Map<String, Optional<BudgetPolicy>> unsaved = new LinkedHashMap<>();
    /** Policies declared by configurations, by PID, with the file they came from. */
    private final Map<String, Declared> declared = new LinkedHashMap<>();

    private record Declared(String source, BudgetPolicy policy) {
    }

    @Activate
    public BudgetManagerImpl(ManagerConfig config) {
        this.enforcer = new Enforcer(() -> pricing, () -> tracker, new EventPoster(), MillisecondClock.UTC,
                settings(config));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "atlas-budget-hold-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(50, config.sweepIntervalMillis());
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
        this.journal = new HoldJournal(() -> store, config.holdJournalFlushMillis());
        enforcer.journal(journal);
        this.storeWaitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, config.storeWaitMillis()));
        if (!config.storeRequired()) {
            ledgerReady.countDown();
        }
    }

    @Modified
    void modified(ManagerConfig config) {
        enforcer.settings(settings(config));
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        journal.close();
    }

    private static Enforcer.Settings settings(ManagerConfig config) {
        return new Enforcer.Settings(Money.currency(config.currency()), Duration.ofSeconds(config.holdTtlSeconds()),
                Duration.ofMillis(config.throttleRetryMillis()), Duration.ofMinutes(config.completionMemoryMinutes()),
                Math.max(1000, config.completionMemoryEntries()));
    }

    private void sweep() {
        try {
            int expired = enforcer.sweep();
            if (expired > 0) {
                LOG.warn("Released {} expired hold(s) of calls that never completed", expired);
            }
        } catch (RuntimeException e) {
            // The sweeper must keep running; a failed sweep is retried on the next tick.
            LOG.error("Sweeping expired holds failed", e);
        }
    }

    // ------------------------------------------------------------------ store

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindStore(BudgetStore newStore) {
        store = newStore;
        try {
            for (BudgetPolicy policy : newStore.loadPolicies()) {
                if (!unsaved.containsKey(policy.id())) {
                    managed.put(policy.id(), policy);
                }
            }
            saveUnsaved(newStore);
        } catch (RuntimeException e) {
            LOG.error("Could not load policies from the store, or save those changed while it was away; policies"
                    + " created before are not enforced until it answers", e);
        }
        reindex();
        sweeper.execute(() -> restoreFrom(newStore));
    }

    /**
     * Changes made while no store was bound (a host app may create policies before the store's
     * service is up) exist only here; the store gets them now, and they win over what it held.
     */
    private void saveUnsaved(BudgetStore newStore) {
        for (var change : new ArrayList<>(unsaved.entrySet())) {
            BudgetPolicy policy = change.getValue().orElse(null);
            if (policy == null) {
                newStore.deletePolicy(change.getKey());
                managed.remove(change.getKey());
            } else {
                newStore.savePolicy(policy);
            }
            unsaved.remove(change.getKey());
        }
    }

    /**
     * Rebuilds the ledger from the first store (spend of the current periods, open holds), then
     * opens admissions; a store that arrives later only gets the open holds in memory. Retried
     * while the store fails.
     */
    private void restoreFrom(BudgetStore newStore) {
        if (store != newStore) {
            return;
        }
        try {
            synchronized (this) {
                if (!restored) {
                    LedgerRestore.Outcome outcome = LedgerRestore.restore(newStore, enforcer, Clock.systemUTC().instant());
                    restored = true;
                    LOG.info("Ledger rebuilt from the store: {} bucket total(s), {} open hold(s) held again, {} ended"
                            + " (expired or settled){}", outcome.buckets(), outcome.holds(), outcome.endedHolds(),
                            outcome.skippedEntries() == 0 ? "" : "; " + outcome.skippedEntries()
                                    + " total(s) belong to no bucket of the policies as they are now");
                } else {
                    LedgerRestore.resync(newStore, enforcer);
                }
            }
            ledgerReady.countDown();
        } catch (RuntimeException e) {
            LOG.error("Rebuilding the ledger from the store failed; admissions stay unavailable until it succeeds"
                    + " (retrying in 5 s)", e);
            sweeper.schedule(() -> restoreFrom(newStore), 5, TimeUnit.SECONDS);
        }
    }

    /**
     * Until the ledger is rebuilt, spend is not known: during the start-up grace an admission waits
     * for it; after that it is answered unavailable at once, so hosts never hang on a dead store.
     */
    private void awaitLedger() {
        if (ledgerReady.getCount() == 0) {
            return;
        }
        try {
            long wait = storeWaitUntil - System.nanoTime();
            if (wait > 0 && ledgerReady.await(wait, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new org.atlas.budget.api.BudgetUnavailableException("the ledger is not rebuilt from the budget store yet"
                + " (no BudgetStore service, or it fails); admissions resume once it is");
    }

    synchronized void unbindStore(BudgetStore oldStore) {
        if (store == oldStore) {
            store = null;
        }
    }

    // ------------------------------------------------------------------ BudgetManager

    @Override
    public List<BudgetPolicy> policies() {
        List<BudgetPolicy> all = new ArrayList<>(enforcer.policies().policies());
        all.sort(Comparator.comparing(BudgetPolicy::id));
        return all;
    }

    @Override
    public Optional<BudgetPolicy> policy(String id) {
        return enforcer.policies().policies().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    @Override
    public synchronized BudgetPolicy create(BudgetPolicy policy) {
        if (policy(policy.id()).isPresent()) {
            throw new IllegalArgumentException("a policy with id '" + policy.id() + "' exists already");
        }
        return save(policy, "created");
    }

    @Override
    public synchronized BudgetPolicy update(BudgetPolicy policy) {
        requireManaged(policy.id());
        return save(policy, "updated");
    }

    /** Stores first (a store that fails changes nothing), then puts the policy in force. */
    private BudgetPolicy save(BudgetPolicy policy, String change) {
        BudgetStore current = store;
        if (current != null) {
            current.savePolicy(policy);
        } else {
            unsaved.put(policy.id(), Optional.of(policy));
        }
        managed.put(policy.id(), policy);
        reindex();
        post(BudgetEvents.POLICY_CHANGED, Map.of(BudgetEvents.PROP_POLICY_ID, policy.id(),
                BudgetEvents.PROP_CHANGE, change));
        return policy;
    }

    @Override
    public synchronized boolean delete(String id) {
        if (!managed.containsKey(id)) {
            requireNotDeclared(id);
            return false;
        }
        BudgetStore current = store;
        if (current != null) {
            current.deletePolicy(id);
        } else {
            unsaved.put(id, Optional.empty());
        }
        managed.remove(id);
        reindex();
        enforcer.forget(id);
        post(BudgetEvents.POLICY_CHANGED, Map.of(BudgetEvents.PROP_POLICY_ID, id, BudgetEvents.PROP_CHANGE, "deleted"));
        return true;
    }

    private void requireManaged(String id) {
        requireNotDeclared(id);
        if (!managed.containsKey(id)) {
            throw new NoSuchElementException("no policy has the id '" + id + "'");
        }
    }

    private void requireNotDeclared(String id) {
        for (Declared d : declared.values()) {
            if (d.policy().id().equals(id)) {
                throw new IllegalArgumentException("policy '" + id + "' is declared in " + d.source()
                        + "; change or remove that file instead");
            }
        }
    }

    @Override
    public Decision check(AdmissionRequest request) {
        awaitLedger();
        return enforcer.check(request);
    }

    @Override
    public List<BucketStatus> spend(String policyId) {
        BudgetPolicy policy = policy(policyId).orElseThrow(
                () -> new NoSuchElementException("no policy has the id '" + policyId + "'"));
        return enforcer.spend(policy);
    }

    @Override
    public Optional<EnforcementStats> stats() {
        Map<Outcome, Long> decisions = new java.util.EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            decisions.put(outcome, enforcer.decisions(outcome));
        }
        return Optional.of(new EnforcementStats(decisions, enforcer.openHolds(), enforcer.unpricedCalls(),
                enforcer.overspends(), enforcer.expiredHolds()));
    }

    // ------------------------------------------------------------------ ConfiguredPolicies

    @Override
    public synchronized void declare(String pid, String source, BudgetPolicy policy) {
        if (managed.containsKey(policy.id())) {
            throw new IllegalArgumentException("policy id '" + policy.id() + "' belongs to a policy created through"
                    + " the API; give the file another id");
        }
        for (Map.Entry<String, Declared> entry : declared.entrySet()) {
            if (!entry.getKey().equals(pid) && entry.getValue().policy().id().equals(policy.id())) {
                throw new IllegalArgumentException("policy id '" + policy.id() + "' is declared already in "
                        + entry.getValue().source());
            }
        }
        Declared previous = declared.get(pid);
        if (restored && store != null && (previous == null || !previous.policy().id().equals(policy.id()))) {
            // A file read after the ledger was rebuilt: its spend so far comes from the store too.
            try {
                LedgerRestore.restorePolicy(store, enforcer, policy, Clock.systemUTC().instant());
            } catch (RuntimeException e) {
                throw new org.atlas.budget.api.BudgetUnavailableException("policy '" + policy.id() + "' from " + source
                        + " cannot be put in force: its spend so far cannot be read from the store", e);
            }
        }
        declared.put(pid, new Declared(source, policy));
        reindex();
        if (previous != null && !previous.policy().id().equals(policy.id())) {
            enforcer.forget(previous.policy().id());
        }
        post(BudgetEvents.POLICY_CHANGED, Map.of(BudgetEvents.PROP_POLICY_ID, policy.id(),
                BudgetEvents.PROP_CHANGE, previous == null ? "created" : "updated"));
    }

    @Override
    public synchronized void withdraw(String pid) {
        Declared previous = declared.remove(pid);
        if (previous != null) {
            reindex();
            enforcer.forget(previous.policy().id());
            LOG.info("Policy {} from {} is withdrawn", previous.policy().id(), previous.source());
            post(BudgetEvents.POLICY_CHANGED, Map.of(BudgetEvents.PROP_POLICY_ID, previous.policy().id(),
                    BudgetEvents.PROP_CHANGE, "deleted"));
        }
    }

    private synchronized void reindex() {
        Map<String, BudgetPolicy> all = new HashMap<>(managed);
        for (Declared d : declared.values()) {
            all.put(d.policy().id(), d.policy());
        }
        enforcer.policies(new PolicyIndex(all.values()));
    }

    // ------------------------------------------------------------------ UsageInterceptor

    @Override
    public Admission admit(AdmissionRequest request) {
        awaitLedger();
        return enforcer.admit(request);
    }

    @Override
    public UsageRecord complete(Admission admission, UsageReport actual) {
        awaitLedger();
        return enforcer.complete(admission, actual);
    }

    @Override
    public void abort(Admission admission, Usage consumed, String cause) {
        enforcer.abort(admission, consumed, cause);
    }

    /** For the shell, REST and metrics: the enforcer's counters and open holds. */
    public Enforcer enforcer() {
        return enforcer;
    }

    Collection<Hold> openHolds() {
        return enforcer.holds();
    }

    // ------------------------------------------------------------------ events

    private void post(String topic, Map<String, ?> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    /** Posts the enforcer's news asynchronously; never blocks an admission. */
    private final class EventPoster implements EnforcementEvents {

        @Override
        public void decided(AdmissionRequest request, Decision decision) {
            if (decision.outcome() == Outcome.ALLOW) {
                return;
            }
            Map<String, Object> props = new HashMap<>();
            props.put(BudgetEvents.PROP_REQUEST_ID, request.requestId());
            props.put(BudgetEvents.PROP_PROVIDER, request.provider());
            props.put(BudgetEvents.PROP_MODEL, request.model());
            props.put(BudgetEvents.PROP_OUTCOME, decision.outcome().name());
            if (decision.policyId() != null) {
                props.put(BudgetEvents.PROP_POLICY_ID, decision.policyId());
            }
            props.put(BudgetEvents.PROP_MESSAGE, String.join("; ", decision.reasons()));
            post(BudgetEvents.DECISION_MADE, props);
        }

        @Override
        public void overspent(UsageReport report, String policyId, Money held, Money charged) {
            LOG.warn("Request {} cost {} against a hold of {} on policy {}: its estimate was not an upper bound",
                    report.requestId(), charged, held, policyId);
            Map<String, Object> props = new HashMap<>();
            props.put(BudgetEvents.PROP_REQUEST_ID, report.requestId());
            props.put(BudgetEvents.PROP_POLICY_ID, policyId);
            props.put(BudgetEvents.PROP_COST, charged.amount().toPlainString());
            props.put(BudgetEvents.PROP_CURRENCY, charged.currency().getCurrencyCode());
            props.put("held", held.amount().toPlainString());
            props.put(BudgetEvents.PROP_KIND, "OVERSPEND");
            post(BudgetEvents.DECISION_MADE, props);
        }

        @Override
        public void unpriced(String provider, String model, String requestId, String policyId) {
            Map<String, Object> props = new HashMap<>();
            props.put(BudgetEvents.PROP_REQUEST_ID, requestId);
            props.put(BudgetEvents.PROP_PROVIDER, provider);
            props.put(BudgetEvents.PROP_MODEL, model);
            props.put(BudgetEvents.PROP_POLICY_ID, policyId);
            props.put(BudgetEvents.PROP_KIND, "UNPRICED_MODEL");
            post(BudgetEvents.DECISION_MADE, props);
        }

        @Override
        public void expired(Hold hold) {
            post(BudgetEvents.HOLD_EXPIRED, Map.of(BudgetEvents.PROP_REQUEST_ID, hold.requestId(),
                    "admissionId", hold.admissionId()));
        }
    }
}
