package org.atlas.budget.persistence.internal.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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
 * The BudgetStore over JDBC, the same code for embedded Derby and PostgreSQL: both speak the SQL
 * used here, and every statement is a prepared statement.
 *
 * <p>Usage goes through the {@link GroupCommitWriter}; everything else runs on a pooled
 * connection in a transaction of its own. Any database failure reaches the caller as a
 * {@link BudgetUnavailableException} naming the backend; nothing is kept in memory instead.
 */
public final class JdbcBudgetStore implements BudgetStore, AutoCloseable {

    /** Rows deleted per transaction when pruning, so a large prune never holds long locks. */
    static final int PRUNE_CHUNK = 2000;

    /**
     * The ledger totals are folded once this many batches are pending ({@link LedgerFolds}), or
     * after {@link #FOLD_MILLIS}, whichever comes first. A fold costs a delete per batch and an
     * update per bucket, and the buckets of successive batches are mostly the same ones, so the
     * fewer folds the better; this bounds the batches kept in memory and read again after a crash.
     * At 64, single-record batches (a few dozen records each) were folded every 0.4 s, and the
     * folds took 15 % of the writer's time (a wall-clock profile of {@code groupCommitSingle});
     * now the second comes first at every rate measured here (at most a few hundred batches a
     * second), and they take 7 %.
     */
    static final int FOLD_BATCHES = 1024;

    /** ... or once the oldest pending batch is this old, so an idle store's totals catch up soon. */
    static final long FOLD_MILLIS = 1000;

    /** Batches a history query asks for at a time (it stops as soon as no later batch can rank). */
    static final int BATCHES_PER_READ = 16;

    private final String backend;
    private final ConnectionPool pool;
    private final GroupCommitWriter writer;

    /**
     * Opens the store and brings its schema up to date.
     *
     * @param backend   {@code derby} or {@code postgresql}, for messages and the service property
     * @param batchSize the most records one group commit writes
     * @param lingerMicros how long the writer waits for more records once it has some
     */
    public JdbcBudgetStore(String backend, ConnectionPool pool, int batchSize, long lingerMicros) throws SQLException {
        this(backend, pool, batchSize, lingerMicros, FOLD_BATCHES, FOLD_MILLIS);
    }

    /**
     * @param foldBatches the most committed batches the ledger totals may lag behind
     * @param foldMillis  the longest the ledger totals may lag behind a committed batch
     */
    JdbcBudgetStore(String backend, ConnectionPool pool, int batchSize, long lingerMicros, int foldBatches,
            long foldMillis) throws SQLException {
        this.backend = backend;
        this.pool = pool;
        try (Connection connection = pool.open()) {
            Migrations.apply(connection);
        }
        this.writer = new GroupCommitWriter(pool, batchSize, lingerMicros, foldBatches, foldMillis, backend);
    }

    public String backend() {
        return backend;
    }

    /** The schema versions recorded in the database. */
    public List<Integer> schemaVersions() {
        return read(Migrations::versions);
    }

    @Override
    public void close() {
        writer.close();
        pool.close();
    }

    // ---------------------------------------------------------------- usage

    @Override
    public List<UsageRecord> append(List<UsageRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            return List.of();
        }
        List<UsageRows.Row> rows = new ArrayList<>(records.size());
        for (UsageRecord record : records) {
            rows.add(validate(record));
        }
        return await(writer.append(rows), "appending " + records.size() + " usage record(s)");
    }

    /**
     * Checks in the caller's thread what the store cannot hold, so one bad record never fails a
     * batch, and encodes the record there (the writer only concatenates the bytes). Amounts must
     * fit the DECIMAL(31,9) columns of the rollups and ledger totals they are added to.
     */
    private static UsageRows.Row validate(UsageRecord record) {
        Objects.requireNonNull(record, "a usage record must not be null");
        UsageRows.Row row = UsageRows.encode(record);
        fits(record.report().usage().audioSeconds(), "audioSeconds");
        if (record.charge().cost() != null) {
            fits(record.charge().cost().amount(), "cost");
        }
        for (var entry : record.ledger()) {
            fits(entry.amount().amount(), "ledger amount");
        }
        return row;
    }

    private static void fits(BigDecimal value, String field) {
        if (value.precision() - value.scale() > 22) {
            throw new IllegalArgumentException(field + " is too large for the store (at most 22 digits before the"
                    + " point): " + value.toPlainString());
        }
    }

    @Override
    public Optional<UsageRecord> findUsage(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        return Optional.ofNullable(read(c -> UsageRows.find(c, requestId)));
    }

    @Override
    public List<LedgerEntry> ledgerTotals(Instant from) {
        long start = Codec.nanos(Objects.requireNonNull(from, "from"));
        // On the writer, after folding every pending batch: exact, and no batch is read twice.
        return await(writer.afterFolding(c -> {
            List<LedgerEntry> totals = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT policy_id, scope_value, period_start, currency,"
                    + " amount FROM ledger_total WHERE period_start >= ? ORDER BY policy_id, scope_value, period_start")) {
                query.setLong(1, start);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        totals.add(new LedgerEntry(new BucketKey(rows.getString(1), rows.getString(2),
                                Codec.instant(rows.getLong(3))),
                                Money.of(rows.getBigDecimal(5), Money.currency(rows.getString(4).trim()))));
                    }
                }
            }
            return totals;
        }), "reading the ledger totals");
    }

    @Override
    public List<RollupRow> rollups(RollupQuery query) {
        Objects.requireNonNull(query, "query");
        return read(c -> RollupTables.read(c, query));
    }

    @Override
    public List<RollupRow> rollups(List<RollupQuery> queries) {
        List<RollupQuery> copy = List.copyOf(Objects.requireNonNull(queries, "queries"));
        return read(c -> RollupTables.read(c, copy));
    }

    @Override
    public int replaceCharges(List<UsageRecord> repriced) {
        Objects.requireNonNull(repriced, "repriced");
        if (repriced.isEmpty()) {
            return 0;
        }
        List<UsageRecord> copy = List.copyOf(repriced);
        return await(writer.submit(c -> {
            // Grouped by the batch that holds them: each batch is read and written once.
            Map<Long, Map<String, UsageRecord>> byBatch = new LinkedHashMap<>();
            for (UsageRecord record : copy) {
                long seq = UsageRows.batchOf(c, record.requestId());
                if (seq >= 0) {
                    byBatch.computeIfAbsent(seq, k -> new HashMap<>()).put(record.requestId(), record);
                }
            }
            Aggregates aggregates = new Aggregates();
            int changed = 0;
            for (Map.Entry<Long, Map<String, UsageRecord>> batch : byBatch.entrySet()) {
                byte[] value = UsageRows.batch(c, batch.getKey());
                if (value == null) {
                    continue;
                }
                List<UsageRecord> records = new ArrayList<>(RecordCodec.records(value));
                boolean rewrite = false;
                for (int i = 0; i < records.size(); i++) {
                    UsageRecord stored = records.get(i);
                    UsageRecord newer = batch.getValue().get(stored.requestId());
                    if (newer == null || stored.charge().equals(newer.charge())) {
                        continue;
                    }
                    UsageRecord updated = stored.withCharge(newer.charge());
                    records.set(i, updated);
                    aggregates.rollup(stored, -1);
                    aggregates.rollup(updated, 1);
                    rewrite = true;
                    changed++;
                }
                if (rewrite) {
                    UsageRows.rewrite(c, batch.getKey(), records);
                }
            }
            aggregates.writeRollups(c, false);
            return changed;
        }), "repricing " + copy.size() + " usage record(s)");
    }

    /**
     * Deletes the records whose call time is before {@code before}: batches of old records only go
     * whole, a batch that also holds younger ones (a late report) is written again without the old
     * ones. Each transaction takes batches until they hold {@link #PRUNE_CHUNK} records or more.
     * Request ids are deleted before their batches, in the order the writer locks the tables.
     *
     * <p>A batch still pending for the ledger totals is left alone (its records are where its totals
     * are folded from); the writer folds what is pending first, so that is at most what was written
     * since, and goes at the next run.
     */
    @Override
    public long pruneUsage(Instant before) {
        Objects.requireNonNull(before, "before");
        await(writer.afterFolding(c -> null), "folding the ledger totals before pruning");
        return pruneFolded(before);
    }

    /** {@link #pruneUsage} without folding first: batches still pending stay whole. */
    long pruneFolded(Instant before) {
        long cutoff = Codec.nanos(before);
        long deleted = 0;
        while (true) {
            long[] chunk = transaction(c -> {
                List<Long> batches = new ArrayList<>();
                try (PreparedStatement query = c.prepareStatement("SELECT batch_seq, record_count FROM usage_batch"
                        + " WHERE min_ts < ? AND NOT EXISTS (SELECT 1 FROM ledger_pending p"
                        + " WHERE p.batch_seq = usage_batch.batch_seq) ORDER BY min_ts")) {
                    query.setLong(1, cutoff);
                    try (ResultSet rows = query.executeQuery()) {
                        long records = 0;
                        while (records < PRUNE_CHUNK && rows.next()) {
                            batches.add(rows.getLong(1));
                            records += rows.getInt(2);
                        }
                    }
                }
                long pruned = 0;
                try (PreparedStatement ids = c.prepareStatement("DELETE FROM usage_request WHERE request_id = ?")) {
                    for (long seq : batches) {
                        byte[] value = UsageRows.batch(c, seq);
                        if (value == null) {
                            continue;
                        }
                        List<UsageRecord> kept = new ArrayList<>();
                        boolean any = false;
                        for (UsageRecord record : RecordCodec.records(value)) {
                            if (Codec.nanos(record.report().timestamp()) < cutoff) {
                                ids.setString(1, record.requestId());
                                ids.addBatch();
                                any = true;
                                pruned++;
                            } else {
                                kept.add(record);
                            }
                        }
                        if (any) {
                            ids.executeBatch();
                        }
                        UsageRows.rewrite(c, seq, kept);
                    }
                }
                return new long[] {batches.size(), pruned};
            }, "pruning usage records");
            deleted += chunk[1];
            if (chunk[0] == 0) {
                return deleted;
            }
        }
    }

    /**
     * A page of history, newest first (call time, then request id, both descending), read from
     * the batches whose time span meets the query's range, latest first: a batch is read only while
     * its latest call could still rank on the page, so the first pages of a long history read a
     * few batches. The filters apply to each record as it is read. The cursor is the sort key of
     * the page's last record, so a page follows exactly where the previous one ended, whatever was
     * written meanwhile.
     */
    @Override
    public Page<UsageRecord> queryUsage(UsageQuery query) {
        Objects.requireNonNull(query, "query");
        Cursor cursor = query.cursor() == null ? null : Cursor.parse(query.cursor());
        long from = query.from() == null ? Long.MIN_VALUE : Codec.nanos(query.from());
        long to = query.to() == null ? Long.MAX_VALUE : Codec.nanos(query.to());
        long upTo = cursor == null ? Long.MAX_VALUE : cursor.ts();
        int keep = query.limit() + 1;
        return read(c -> {
            PriorityQueue<UsageRecord> lastFirst = new PriorityQueue<>(keep + 1, HISTORY_ORDER.reversed());
            // Batches are read a few at a time, in keyset order of their own, so that neither
            // database plans a sort of every batch of the range for a page that needs a few.
            try (PreparedStatement batches = c.prepareStatement("SELECT batch_seq, max_ts FROM usage_batch"
                    + " WHERE max_ts >= ? AND max_ts <= ? AND (max_ts < ? OR batch_seq < ?) AND min_ts < ?"
                    + " AND min_ts <= ? ORDER BY max_ts DESC, batch_seq DESC FETCH FIRST " + BATCHES_PER_READ
                    + " ROWS ONLY")) {
                long lastMax = Long.MAX_VALUE;
                long lastSeq = Long.MAX_VALUE;
                scan:
                while (true) {
                    batches.setLong(1, from);
                    batches.setLong(2, lastMax);
                    batches.setLong(3, lastMax);
                    batches.setLong(4, lastSeq);
                    batches.setLong(5, to);
                    batches.setLong(6, upTo);
                    List<long[]> found = new ArrayList<>(BATCHES_PER_READ);
                    try (ResultSet rows = batches.executeQuery()) {
                        while (rows.next()) {
                            found.add(new long[] {rows.getLong(1), rows.getLong(2)});
                        }
                    }
                    for (long[] batch : found) {
                        if (lastFirst.size() == keep && batch[1] < ts(lastFirst.peek())) {
                            break scan;
                        }
                        lastSeq = batch[0];
                        lastMax = batch[1];
                        byte[] value = UsageRows.batch(c, batch[0]);
                        if (value == null) {
                            continue;
                        }
                        for (UsageRecord record : RecordCodec.records(value)) {
                            if (matches(record, query, from, to, cursor)) {
                                lastFirst.add(record);
                                if (lastFirst.size() > keep) {
                                    lastFirst.poll();
                                }
                            }
                        }
                    }
                    if (found.size() < BATCHES_PER_READ) {
                        break;
                    }
                }
            }
            List<UsageRecord> items = new ArrayList<>(lastFirst);
            items.sort(HISTORY_ORDER);
            int limit = query.limit();
            if (items.size() <= limit) {
                return new Page<>(items, null);
            }
            List<UsageRecord> page = List.copyOf(items.subList(0, limit));
            UsageRecord last = page.get(limit - 1);
            return new Page<>(page, new Cursor(ts(last), last.requestId()).encode());
        });
    }

    /** History's order: the latest call first, ties broken by the greater request id. */
    private static final Comparator<UsageRecord> HISTORY_ORDER = Comparator
            .comparingLong(JdbcBudgetStore::ts).reversed()
            .thenComparing(UsageRecord::requestId, Comparator.reverseOrder());

    private static long ts(UsageRecord record) {
        return Codec.nanos(record.report().timestamp());
    }

    private static boolean matches(UsageRecord record, UsageQuery query, long from, long to, Cursor cursor) {
        long ts = ts(record);
        if (ts < from || ts >= to) {
            return false;
        }
        if (cursor != null && (ts > cursor.ts() || ts == cursor.ts() && record.requestId().compareTo(cursor.requestId()) >= 0)) {
            return false;
        }
        var report = record.report();
        var d = report.dimensions();
        return same(query.provider(), report.provider()) && same(query.model(), report.model())
                && same(query.userId(), d.userId()) && same(query.projectId(), d.projectId())
                && same(query.teamId(), d.teamId()) && (query.tag() == null || d.tags().contains(query.tag()));
    }

    /** A filter that is not given matches everything; one that is matches its value exactly. */
    private static boolean same(String filter, String value) {
        return filter == null || filter.equals(value);
    }

    /** Where a page ended: the sort key of its last record. Opaque to callers. */
    record Cursor(long ts, String requestId) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("1:" + ts + ":" + requestId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                String[] parts = decoded.split(":", 3);
                if (parts.length != 3 || !parts[0].equals("1")) {
                    throw new IllegalArgumentException("cursor '" + text + "' is not a cursor this store issued");
                }
                return new Cursor(Long.parseLong(parts[1]), parts[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cursor '" + text + "' is not a cursor this store issued", e);
            }
        }
    }

    // ---------------------------------------------------------------- policies

    @Override
    public List<BudgetPolicy> loadPolicies() {
        return read(c -> documents(c, "SELECT body FROM budget_policy ORDER BY id", BudgetPolicy.class, null));
    }

    @Override
    public void savePolicy(BudgetPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        String body = Codec.bounded(Codec.GSON.toJson(policy), "policy", 32000);
        transaction(c -> upsert(c, "UPDATE budget_policy SET body = ?, updated_at = ? WHERE id = ?",
                "INSERT INTO budget_policy (body, updated_at, id) VALUES (?, ?, ?)", body,
                Codec.nanos(Instant.now()), policy.id()), "saving policy " + policy.id());
    }

    @Override
    public boolean deletePolicy(String id) {
        Objects.requireNonNull(id, "id");
        return transaction(c -> delete(c, "DELETE FROM budget_policy WHERE id = ?", id) > 0,
                "deleting policy " + id);
    }

    // ---------------------------------------------------------------- holds

    @Override
    public List<Hold> openHolds() {
        return read(c -> {
            List<Hold> holds = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT admission_id, request_id, amounts, created_at,"
                    + " expires_at FROM open_hold ORDER BY created_at");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    holds.add(new Hold(rows.getString(1), rows.getString(2),
                            Codec.amounts(Codec.ledger(rows.getString(3))), Codec.instant(rows.getLong(4)),
                            Codec.instant(rows.getLong(5))));
                }
            }
            return holds;
        });
    }

    @Override
    public void saveHolds(List<Hold> holds) {
        Objects.requireNonNull(holds, "holds");
        if (holds.isEmpty()) {
            return;
        }
        List<String> amounts = new ArrayList<>();
        for (Hold hold : holds) {
            List<LedgerEntry> entries = new ArrayList<>();
            hold.amounts().forEach((bucket, amount) -> entries.add(new LedgerEntry(bucket, amount)));
            amounts.add(Codec.bounded(Codec.ledger(entries), "hold amounts", 16000));
            Codec.nanos(hold.createdAt());
            Codec.nanos(hold.expiresAt());
        }
        transaction(c -> {
            // Saving a hold twice (a retried batch) keeps one row.
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM open_hold WHERE admission_id = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO open_hold (admission_id, request_id,"
                            + " amounts, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < holds.size(); i++) {
                    Hold hold = holds.get(i);
                    delete.setString(1, hold.admissionId());
                    delete.addBatch();
                    insert.setString(1, hold.admissionId());
                    insert.setString(2, hold.requestId());
                    insert.setString(3, amounts.get(i));
                    insert.setLong(4, Codec.nanos(hold.createdAt()));
                    insert.setLong(5, Codec.nanos(hold.expiresAt()));
                    insert.addBatch();
                }
                delete.executeBatch();
                insert.executeBatch();
            }
            return null;
        }, "saving " + holds.size() + " hold(s)");
    }

    @Override
    public void endHolds(List<String> admissionIds) {
        Objects.requireNonNull(admissionIds, "admissionIds");
        if (admissionIds.isEmpty()) {
            return;
        }
        transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM open_hold WHERE admission_id = ?")) {
                for (String id : admissionIds) {
                    delete.setString(1, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        }, "ending " + admissionIds.size() + " hold(s)");
    }

    // ---------------------------------------------------------------- alerts and rules

    @Override
    public List<Alert> loadAlerts(AlertState state) {
        return read(c -> state == null
                ? documents(c, "SELECT body FROM budget_alert ORDER BY raised_at DESC", Alert.class, null)
                : documents(c, "SELECT body FROM budget_alert WHERE state = ? ORDER BY raised_at DESC", Alert.class,
                        state.name()));
    }

    @Override
    public void saveAlert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        String body = Codec.bounded(Codec.GSON.toJson(alert), "alert", 32000);
        transaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE budget_alert SET state = ?, raised_at = ?, body = ? WHERE id = ?")) {
                update.setString(1, alert.state().name());
                update.setLong(2, Codec.nanos(alert.raisedAt()));
                update.setString(3, body);
                update.setString(4, alert.id());
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO budget_alert (state, raised_at, body, id) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, alert.state().name());
                insert.setLong(2, Codec.nanos(alert.raisedAt()));
                insert.setString(3, body);
                insert.setString(4, alert.id());
                insert.executeUpdate();
            }
            return null;
        }, "saving alert " + alert.id());
    }

    @Override
    public List<AlertRule> loadAlertRules() {
        return read(c -> documents(c, "SELECT body FROM alert_rule ORDER BY id", AlertRule.class, null));
    }

    @Override
    public void saveAlertRule(AlertRule rule) {
        Objects.requireNonNull(rule, "rule");
        String body = Codec.bounded(Codec.GSON.toJson(rule), "alert rule", 32000);
        transaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE alert_rule SET body = ? WHERE id = ?")) {
                update.setString(1, body);
                update.setString(2, rule.id());
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO alert_rule (body, id) VALUES (?, ?)")) {
                insert.setString(1, body);
                insert.setString(2, rule.id());
                insert.executeUpdate();
            }
            return null;
        }, "saving alert rule " + rule.id());
    }

    @Override
    public boolean deleteAlertRule(String id) {
        Objects.requireNonNull(id, "id");
        return transaction(c -> delete(c, "DELETE FROM alert_rule WHERE id = ?", id) > 0, "deleting alert rule " + id);
    }

    // ---------------------------------------------------------------- audit

    @Override
    public void audit(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        Codec.bounded(entry.details(), "details", 32000);
        long at = Codec.nanos(entry.at());
        transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO audit_log (logged_at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, at);
                insert.setString(2, entry.actor());
                insert.setString(3, entry.action());
                insert.setString(4, entry.target());
                insert.setString(5, entry.details());
                insert.executeUpdate();
            }
            return null;
        }, "writing an audit entry");
    }

    @Override
    public List<AuditEntry> auditLog(int limit) {
        if (limit < 1 || limit > UsageQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + UsageQuery.MAX_LIMIT + ", was " + limit);
        }
        return read(c -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT logged_at, actor, action, target, details FROM audit_log ORDER BY seq DESC")) {
                query.setMaxRows(limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(Codec.instant(rows.getLong(1)), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5)));
                    }
                }
            }
            return entries;
        });
    }

    // ---------------------------------------------------------------- plumbing

    private static <T> List<T> documents(Connection c, String sql, Class<T> type, String param) throws SQLException {
        List<T> result = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql)) {
            if (param != null) {
                query.setString(1, param);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    result.add(Codec.GSON.fromJson(rows.getString(1), type));
                }
            }
        }
        return result;
    }

    private static Void upsert(Connection c, String update, String insert, String body, long at, String id)
            throws SQLException {
        try (PreparedStatement u = c.prepareStatement(update)) {
            u.setString(1, body);
            u.setLong(2, at);
            u.setString(3, id);
            if (u.executeUpdate() > 0) {
                return null;
            }
        }
        try (PreparedStatement i = c.prepareStatement(insert)) {
            i.setString(1, body);
            i.setLong(2, at);
            i.setString(3, id);
            i.executeUpdate();
        }
        return null;
    }

    private static int delete(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            delete.setString(1, id);
            return delete.executeUpdate();
        }
    }

    private <T> T read(ConnectionPool.Work<T> work) {
        return transaction(work, "reading");
    }

    private <T> T transaction(ConnectionPool.Work<T> work, String what) {
        try {
            return pool.transaction(work);
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BudgetUnavailableException("interrupted while " + what + " in the " + backend + " store", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw unavailable(what, sql);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new BudgetUnavailableException(what + " in the " + backend + " store failed: " + cause, cause);
        }
    }

    private BudgetUnavailableException unavailable(String what, SQLException e) {
        return new BudgetUnavailableException("the " + backend + " budget store failed " + what + ": " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")", e);
    }
}
