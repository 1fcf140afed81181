package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertState;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * A plain in-memory store for the report tests: it keeps the records a test puts in and answers
 * {@link #rollups} by summing them exactly as the SPI describes (UTC hours or days, grouped,
 * split by currency), and {@link #queryUsage} with keyset-style pages. Everything else of the
 * SPI is outside the reports' narrow use and throws.
 */
final class InMemoryStore implements BudgetStore {

    private final List<UsageRecord> records = new ArrayList<>();
    /** Every rollup query asked; reports may ask from two threads at once. */
    final List<RollupQuery> rollupQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<UsageQuery> usageQueries = new ArrayList<>();
    /** Answers no DAY rollups, as a store whose day rows went missing would. */
    boolean dayRollupsLost;

    InMemoryStore add(UsageRecord... added) {
        records.addAll(List.of(added));
        return this;
    }

    @Override
    public List<UsageRecord> append(List<UsageRecord> added) {
        records.addAll(added);
        return added;
    }

    @Override
    public List<RollupRow> rollups(RollupQuery q) {
        rollupQueries.add(q);
        if (dayRollupsLost && q.granularity() == Granularity.DAY) {
            return List.of();
        }
        ChronoUnit unit = q.granularity() == Granularity.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        Map<List<Object>, Tally> sums = new LinkedHashMap<>();
        for (UsageRecord r : records) {
            Instant t = r.report().timestamp();
            if (t.isBefore(q.from()) || !t.isBefore(q.to()) || !matches(r, q.provider(), q.model(), q.userId(),
                    q.projectId(), q.teamId(), null)
                    || (q.operation() != null && r.report().operation() != q.operation())) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (GroupBy g : q.groupBy()) {
                keys.add(value(r, g));
            }
            Currency currency = r.charge().status() == PricingStatus.UNPRICED ? Currency.getInstance("USD")
                    : r.charge().cost().currency();
            List<Object> key = List.of(q.byTime() ? t.truncatedTo(unit) : Instant.EPOCH, keys, currency);
            sums.computeIfAbsent(key, k -> new Tally()).add(r);
        }
        List<RollupRow> rows = new ArrayList<>();
        sums.forEach((key, t) -> {
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) key.get(1);
            Currency currency = (Currency) key.get(2);
            rows.add(new RollupRow(q.byTime() ? (Instant) key.get(0) : null, keys, currency,
                    Money.of(t.cost, currency), t.calls, t.unpricedCalls, t.inputTokens, t.cacheReadTokens,
                    t.cacheWriteTokens, t.outputTokens, t.reasoningTokens));
        });
        return rows;
    }

    private static String value(UsageRecord r, GroupBy g) {
        var d = r.report().dimensions();
        return switch (g) {
            case PROVIDER -> r.report().provider();
            case MODEL -> r.report().model();
            case USER -> d.userId() == null ? "" : d.userId();
            case PROJECT -> d.projectId() == null ? "" : d.projectId();
            case TEAM -> d.teamId() == null ? "" : d.teamId();
            case OPERATION -> r.report().operation().name();
            case TAG -> throw new IllegalArgumentException("not rolled up");
        };
    }

    private static boolean matches(UsageRecord r, String provider, String model, String user, String project,
            String team, String tag) {
        var d = r.report().dimensions();
        return (provider == null || provider.equals(r.report().provider()))
                && (model == null || model.equals(r.report().model()))
                && (user == null || user.equals(d.userId()))
                && (project == null || project.equals(d.projectId()))
                && (team == null || team.equals(d.teamId()))
                && (tag == null || d.tags().contains(tag));
    }

    @Override
    public Page<UsageRecord> queryUsage(UsageQuery q) {
        usageQueries.add(q);
        List<UsageRecord> matching = records.stream()
                .filter(r -> (q.from() == null || !r.report().timestamp().isBefore(q.from()))
                        && (q.to() == null || r.report().timestamp().isBefore(q.to()))
                        && matches(r, q.provider(), q.model(), q.userId(), q.projectId(), q.teamId(), q.tag()))
                .sorted(Comparator.comparing((UsageRecord r) -> r.report().timestamp())
                        .thenComparing(UsageRecord::requestId))
                .toList();
        int start = q.cursor() == null ? 0 : Integer.parseInt(q.cursor());
        int end = Math.min(matching.size(), start + q.limit());
        return new Page<>(matching.subList(start, end), end < matching.size() ? Integer.toString(end) : null);
    }

    @Override
    public Optional<UsageRecord> findUsage(String requestId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<LedgerEntry> ledgerTotals(Instant from) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int replaceCharges(List<UsageRecord> repriced) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long pruneUsage(Instant before) {
        throw new UnsupportedOperationException();
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

    @Override
    public void audit(AuditEntry entry) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<AuditEntry> auditLog(int limit) {
        throw new UnsupportedOperationException();
    }

}
