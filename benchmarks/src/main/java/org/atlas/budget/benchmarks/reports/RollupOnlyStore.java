package org.atlas.budget.benchmarks.reports;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertState;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * A BudgetStore that answers {@link #rollups} from in-memory hour and day rollup tables of
 * {@link UsageColumns}; it stands in for the JDBC store, whose rollup tables are not merged yet.
 * The benchmarks only ask whole-hour ranges without tags, so nothing else is needed; everything
 * else throws.
 */
final class RollupOnlyStore implements BudgetStore {

    private final RollupTable hours;
    private final RollupTable days;

    RollupOnlyStore(UsageColumns data) {
        this.hours = new RollupTable(data, 3600);
        this.days = new RollupTable(data, 86_400);
    }

    int hourRows() {
        return hours.rows;
    }

    int dayRows() {
        return days.rows;
    }

    @Override
    public List<RollupRow> rollups(RollupQuery q) {
        RollupTable table = q.granularity() == Granularity.HOUR ? hours : days;
        long start = UsageColumns.START.getEpochSecond();
        int from = (int) Math.floorDiv(q.from().getEpochSecond() - start, table.unitSeconds);
        int to = (int) Math.floorDiv(q.to().getEpochSecond() - start, table.unitSeconds);
        return table.query(from, to, index(UsageColumns.PROVIDERS, q.provider()), modelIndex(q.model()),
                prefixed("user-", q.userId()), prefixed("project-", q.projectId()), prefixed("team-", q.teamId()),
                q.groupBy(), q.byTime(), start);
    }

    private static int index(String[] names, String value) {
        return value == null ? -1 : Arrays.asList(names).indexOf(value);
    }

    private static int modelIndex(String value) {
        if (value == null) {
            return -1;
        }
        for (int m = 0; m < UsageColumns.MODELS; m++) {
            if (UsageColumns.modelName(m).equals(value)) {
                return m;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static int prefixed(String prefix, String value) {
        return value == null ? -1 : value.startsWith(prefix) ? Integer.parseInt(value.substring(prefix.length()))
                : Integer.MAX_VALUE;
    }

    @Override
    public Page<UsageRecord> queryUsage(UsageQuery query) {
        throw new UnsupportedOperationException("the benchmark store answers rollups only; ask whole hours");
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
