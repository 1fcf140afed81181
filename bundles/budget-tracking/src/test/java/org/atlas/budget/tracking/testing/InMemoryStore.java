package org.atlas.budget.tracking.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * A plain in-memory BudgetStore for unit tests: idempotent append, keyset pages (optionally
 * shorter than asked, as a store may answer), charge replacement, audit log, ledger totals.
 * Rollups answer preset rows and remember the query. What the tracking bundle does not use throws.
 */
public final class InMemoryStore implements BudgetStore {

    private final Map<String, UsageRecord> records = new LinkedHashMap<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    public final AtomicInteger appendCalls = new AtomicInteger();
    public final AtomicInteger replaceCalls = new AtomicInteger();
    public volatile int pageCap = Integer.MAX_VALUE;
    public volatile boolean failing;
    /** How many replaceCharges calls succeed before the store goes down; negative for all. */
    public volatile int replacesBeforeFailure = -1;
    public volatile List<RollupRow> rollupRows = List.of();
    public volatile RollupQuery lastRollupQuery;

    private static final Comparator<UsageRecord> ORDER = Comparator
            .comparing((UsageRecord r) -> r.report().timestamp()).thenComparing(UsageRecord::requestId);

    private void check() {
        if (failing) {
            throw new BudgetUnavailableException("the test store is down");
        }
    }

    @Override
    public synchronized List<UsageRecord> append(List<UsageRecord> batch) {
        check();
        appendCalls.incrementAndGet();
        List<UsageRecord> fresh = new ArrayList<>();
        for (UsageRecord record : batch) {
            if (!records.containsKey(record.requestId())) {
                records.put(record.requestId(), record);
                fresh.add(record);
            }
        }
        return fresh;
    }

    @Override
    public synchronized Optional<UsageRecord> findUsage(String requestId) {
        check();
        return Optional.ofNullable(records.get(requestId));
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized List<UsageRecord> all() {
        return new ArrayList<>(records.values());
    }

    @Override
    public synchronized List<LedgerEntry> ledgerTotals(Instant from) {
        check();
        Map<BucketKey, Money> sums = new LinkedHashMap<>();
        for (UsageRecord record : records.values()) {
            for (LedgerEntry entry : record.ledger()) {
                if (!entry.bucket().periodStart().isBefore(from)) {
                    sums.merge(entry.bucket(), entry.amount(), Money::plus);
                }
            }
        }
        List<LedgerEntry> result = new ArrayList<>();
        sums.forEach((bucket, amount) -> result.add(new LedgerEntry(bucket, amount)));
        return result;
    }

    @Override
    public List<RollupRow> rollups(RollupQuery query) {
        check();
        lastRollupQuery = query;
        return rollupRows;
    }

    @Override
    public synchronized int replaceCharges(List<UsageRecord> repriced) {
        check();
        if (replacesBeforeFailure >= 0 && replaceCalls.get() >= replacesBeforeFailure) {
            throw new BudgetUnavailableException("the test store went down while replacing charges");
        }
        replaceCalls.incrementAndGet();
        int changed = 0;
        for (UsageRecord record : repriced) {
            if (records.containsKey(record.requestId())) {
                records.put(record.requestId(), records.get(record.requestId()).withCharge(record.charge()));
                changed++;
            }
        }
        return changed;
    }

    @Override
    public long pruneUsage(Instant before) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized Page<UsageRecord> queryUsage(UsageQuery query) {
        check();
        List<UsageRecord> matching = new ArrayList<>();
        for (UsageRecord record : records.values()) {
            var report = record.report();
            var dims = report.dimensions();
            if ((query.from() == null || !report.timestamp().isBefore(query.from()))
                    && (query.to() == null || report.timestamp().isBefore(query.to()))
                    && (query.provider() == null || query.provider().equals(report.provider()))
                    && (query.model() == null || query.model().equals(report.model()))
                    && (query.userId() == null || query.userId().equals(dims.userId()))
                    && (query.projectId() == null || query.projectId().equals(dims.projectId()))
                    && (query.teamId() == null || query.teamId().equals(dims.teamId()))
                    && (query.tag() == null || dims.tags().contains(query.tag()))) {
                matching.add(record);
            }
        }
        matching.sort(ORDER);
        int start = 0;
        if (query.cursor() != null) {
            while (start < matching.size() && !cursor(matching.get(start)).equals(query.cursor())) {
                start++;
            }
            start++;
        }
        int size = Math.min(query.limit(), pageCap);
        int end = Math.min(matching.size(), start + size);
        List<UsageRecord> items = start >= matching.size() ? List.of() : matching.subList(start, end);
        String next = end < matching.size() ? cursor(matching.get(end - 1)) : null;
        return new Page<>(items, next);
    }

    private static String cursor(UsageRecord record) {
        return record.report().timestamp() + "|" + record.requestId();
    }

    @Override
    public synchronized void audit(AuditEntry entry) {
        check();
        audit.add(entry);
    }

    @Override
    public synchronized List<AuditEntry> auditLog(int limit) {
        List<AuditEntry> newestFirst = new ArrayList<>(audit);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }

    @Override
    public List<BudgetPolicy> loadPolicies() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void savePolicy(BudgetPolicy policy) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean deletePolicy(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Hold> openHolds() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void saveHolds(List<Hold> holds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void endHolds(List<String> admissionIds) {
        throw new UnsupportedOperationException();
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
}
