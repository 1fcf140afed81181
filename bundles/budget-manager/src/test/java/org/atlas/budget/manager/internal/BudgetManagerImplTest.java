package org.atlas.budget.manager.internal;

import static org.atlas.budget.manager.testing.Policies.policy;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertState;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.spi.BudgetStore;
import org.junit.After;
import org.junit.Test;

/** The component's policy management: sources, the store, and what happens without pricing. */
public class BudgetManagerImplTest {

    /** A store that keeps policies in memory and can be told to fail; the rest is not used here. */
    static final class PolicyStore implements BudgetStore {
        final Map<String, BudgetPolicy> policies = new ConcurrentHashMap<>();
        volatile boolean down;

        private void check() {
            if (down) {
                throw new BudgetUnavailableException("database unreachable");
            }
        }

        @Override
        public List<BudgetPolicy> loadPolicies() {
            check();
            return new ArrayList<>(policies.values());
        }

        @Override
        public void savePolicy(BudgetPolicy policy) {
            check();
            policies.put(policy.id(), policy);
        }

        @Override
        public boolean deletePolicy(String id) {
            check();
            return policies.remove(id) != null;
        }

        @Override
        public List<UsageRecord> append(List<UsageRecord> records) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<UsageRecord> findUsage(String requestId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<UsageRecord> queryUsage(UsageQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<org.atlas.budget.api.model.LedgerEntry> ledgerTotals(java.time.Instant from) {
            return List.of();
        }

        @Override
        public List<org.atlas.budget.api.model.RollupRow> rollups(org.atlas.budget.api.model.RollupQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int replaceCharges(List<UsageRecord> repriced) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long pruneUsage(java.time.Instant before) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Hold> openHolds() {
            check();
            return List.of();
        }

        @Override
        public void saveHolds(List<Hold> holds) {
            check();
        }

        @Override
        public void endHolds(List<String> admissionIds) {
            check();
        }

        @Override
        public List<Alert> loadAlerts(AlertState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveAlert(Alert alert) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AlertRule> loadAlertRules() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveAlertRule(AlertRule rule) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteAlertRule(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void audit(AuditEntry entry) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AuditEntry> auditLog(int limit) {
            throw new UnsupportedOperationException();
        }
    }

    /** The configuration as DS gives it without a configuration: every default. */
    static ManagerConfig defaults() {
        // The start-up grace is cut short so that a test without a store fails fast.
        return (ManagerConfig) Proxy.newProxyInstance(ManagerConfig.class.getClassLoader(),
                new Class<?>[] {ManagerConfig.class}, (proxy, method, args) -> method.getName().equals("storeWaitMillis")
                        ? 200L : method.getDefaultValue());
    }

    private final BudgetManagerImpl manager = new BudgetManagerImpl(defaults());

    @After
    public void deactivate() {
        manager.deactivate();
    }

    @Test
    public void createdPoliciesAreKeptInTheStoreAndComeBackFromIt() {
        PolicyStore store = new PolicyStore();
        manager.bindStore(store);
        BudgetPolicy p = policy("team").limit("5").build();
        manager.create(p);
        assertEquals(p, store.policies.get("team"));
        manager.update(policy("team").limit("7").build());
        assertEquals("7.00", store.policies.get("team").limit().toPlainString());
        assertTrue(manager.delete("team"));
        assertTrue(store.policies.isEmpty());

        store.policies.put("saved", policy("saved").limit("1").build());
        BudgetManagerImpl restarted = new BudgetManagerImpl(defaults());
        try {
            restarted.bindStore(store);
            assertTrue(restarted.policy("saved").isPresent());
        } finally {
            restarted.deactivate();
        }
    }

    /** A host app may create policies before the store's service is up; the store gets them when it comes. */
    @Test
    public void changesMadeWhileNoStoreIsBoundReachTheStoreWhenItBinds() {
        PolicyStore store = new PolicyStore();
        store.policies.put("stale", policy("stale").limit("1").build());
        store.policies.put("gone", policy("gone").limit("1").build());
        manager.bindStore(store);
        manager.unbindStore(store);
        manager.create(policy("early").limit("5").build());
        manager.update(policy("stale").limit("3").build());
        assertTrue(manager.delete("gone"));
        manager.bindStore(store);
        assertEquals("5.00", store.policies.get("early").limit().toPlainString());
        assertEquals("3.00", store.policies.get("stale").limit().toPlainString());
        assertEquals("3.00", manager.policy("stale").orElseThrow().limit().toPlainString());
        assertTrue(store.policies.get("gone") == null && manager.policy("gone").isEmpty());
        BudgetManagerImpl restarted = new BudgetManagerImpl(defaults());
        try {
            restarted.bindStore(store);
            assertTrue(restarted.policy("early").isPresent());
        } finally {
            restarted.deactivate();
        }
    }

    @Test
    public void aStoreThatFailsChangesNothing() {
        PolicyStore store = new PolicyStore();
        manager.bindStore(store);
        manager.create(policy("keep").limit("5").build());
        store.down = true;
        assertThrows(BudgetUnavailableException.class, () -> manager.create(policy("new").limit("5").build()));
        assertTrue(manager.policy("new").isEmpty());
        assertThrows(BudgetUnavailableException.class, () -> manager.update(policy("keep").limit("9").build()));
        assertEquals("5.00", manager.policy("keep").orElseThrow().limit().toPlainString());
        assertThrows(BudgetUnavailableException.class, () -> manager.delete("keep"));
        assertTrue(manager.policy("keep").isPresent());
    }

    @Test
    public void idsAreUniqueAcrossSources() {
        manager.create(policy("api").limit("5").build());
        assertThrows(IllegalArgumentException.class, () -> manager.create(policy("api").limit("6").build()));
        assertThrows(IllegalArgumentException.class,
                () -> manager.declare("org.atlas.budget.policy.x", "etc/x.cfg", policy("api").limit("1").build()));
        manager.declare("org.atlas.budget.policy.f", "etc/f.cfg", policy("file").limit("1").build());
        assertThrows(IllegalArgumentException.class,
                () -> manager.declare("org.atlas.budget.policy.g", "etc/g.cfg", policy("file").limit("2").build()));
        assertThrows(IllegalArgumentException.class, () -> manager.create(policy("file").limit("3").build()));
        assertEquals(List.of("api", "file"), manager.policies().stream().map(BudgetPolicy::id).toList());
    }

    @Test
    public void declaredPoliciesAreReadOnlyThroughTheApi() {
        manager.declare("org.atlas.budget.policy.f", "etc/org.atlas.budget.policy-file.cfg",
                policy("file").limit("1").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> manager.update(policy("file").limit("2").build()));
        assertTrue(e.getMessage(), e.getMessage().contains("etc/org.atlas.budget.policy-file.cfg"));
        assertThrows(IllegalArgumentException.class, () -> manager.delete("file"));
        manager.withdraw("org.atlas.budget.policy.f");
        assertTrue(manager.policy("file").isEmpty());
    }

    @Test
    public void unknownPoliciesAreNamed() {
        assertThrows(NoSuchElementException.class, () -> manager.update(policy("ghost").limit("1").build()));
        assertThrows(NoSuchElementException.class, () -> manager.spend("ghost"));
        assertFalse("deleting what does not exist deletes nothing", manager.delete("ghost"));
    }

    @Test
    public void withoutPricingAdmissionIsUnavailableSoTheGuardAppliesItsFailMode() {
        manager.bindStore(new PolicyStore());
        manager.create(policy("g").limit("1").build());
        BudgetUnavailableException e = assertThrows(BudgetUnavailableException.class,
                () -> manager.admit(AdmissionRequest.chat("r", "openai", "gpt-4o", null, 10, 10)));
        assertTrue(e.getMessage(), e.getMessage().contains("PricingRegistry"));
        assertFalse(manager.enforcer().openHolds() > 0);
    }

    @Test
    public void withoutAStoreAdmissionIsUnavailableRatherThanRunningOnMemoryThatARestartLoses() {
        manager.create(policy("g").limit("1").build());
        BudgetUnavailableException e = assertThrows(BudgetUnavailableException.class,
                () -> manager.admit(AdmissionRequest.chat("r", "openai", "gpt-4o", null, 10, 10)));
        assertTrue(e.getMessage(), e.getMessage().contains("ledger is not rebuilt from the budget store"));
    }
}
