package org.atlas.budget.manager.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertState;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * A plain in-memory fake of the narrow part of the store the manager uses (records with their
 * ledger entries, totals, holds, policies), for unit tests of the manager. The real store is
 * tested in budget-persistence and on the distribution.
 */
public final class MemoryStore implements BudgetStore {

    public final Map<String, UsageRecord> records = new LinkedHashMap<>();
    public final Map<String, Hold> holds = new LinkedHashMap<>();
    public final Map<String, BudgetPolicy> policies = new LinkedHashMap<>();
    public final AtomicInteger holdWrites = new AtomicInteger();
    public volatile boolean down;

    private void check() {
        if (down) {
            throw new BudgetUnavailableException("database unreachable");
        }
    }

    @Override
    public synchronized List<UsageRecord> append(List<UsageRecord> batch) {
        check();
        List<UsageRecord> fresh = new ArrayList<>();
        for (UsageRecord r : batch) {
            if (records.putIfAbsent(r.requestId(), r) == null) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    @Override
    public synchronized Optional<UsageRecord> findUsage(String requestId) {
        check();
        return Optional.ofNullable(records.get(requestId));
    }

    @Override
    public synchronized List<LedgerEntry> ledgerTotals(Instant from) {
        check();
        Map<BucketKey, Money> sums = new LinkedHashMap<>();
        for (UsageRecord r : records.values()) {
            for (LedgerEntry e : r.ledger()) {
                if (!e.bucket().periodStart().isBefore(from)) {
                    sums.merge(e.bucket(), e.amount(), Money::plus);
                }
            }
        }
        List<LedgerEntry> result = new ArrayList<>();
        sums.forEach((k, v) -> result.add(new LedgerEntry(k, v)));
        return result;
    }

    @Override
    public synchronized List<Hold> openHolds() {
        check();
        return new ArrayList<>(holds.values());
    }

    @Override
    public synchronized void saveHolds(List<Hold> list) {
        check();
        holdWrites.incrementAndGet();
        for (Hold h : list) {
            holds.put(h.admissionId(), h);
        }
    }

    @Override
    public synchronized void endHolds(List<String> ids) {
        check();
        if (!ids.isEmpty()) {
            holdWrites.incrementAndGet();
        }
        ids.forEach(holds::remove);
    }

    @Override
    public synchronized List<BudgetPolicy> loadPolicies() {
        check();
        return new ArrayList<>(policies.values());
    }

    @Override
    public synchronized void savePolicy(BudgetPolicy policy) {
        check();
        policies.put(policy.id(), policy);
    }

    @Override
    public synchronized boolean deletePolicy(String id) {
        check();
        return policies.remove(id) != null;
    }

    @Override
    public List<RollupRow> rollups(RollupQuery query) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public int replaceCharges(List<UsageRecord> repriced) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public long pruneUsage(Instant before) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public Page<UsageRecord> queryUsage(UsageQuery query) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public List<Alert> loadAlerts(AlertState state) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public void saveAlert(Alert alert) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public List<AlertRule> loadAlertRules() {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public void saveAlertRule(AlertRule rule) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public boolean deleteAlertRule(String id) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public void audit(AuditEntry entry) {
        throw new UnsupportedOperationException("not used by the manager");
    }

    @Override
    public List<AuditEntry> auditLog(int limit) {
        throw new UnsupportedOperationException("not used by the manager");
    }
}
