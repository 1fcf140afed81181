package org.atlas.budget.persistence.internal.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.UsageRecord;

/**
 * The summaries of usage records: hour and day rollups, written in the records' own transaction,
 * and ledger-bucket totals, which {@link LedgerFolds} adds up to a second of batches at once. Records
 * are folded in memory first, so a thousand records of one model cost two rollup rows, not two
 * thousand; then each row is updated, and inserted where it did not exist yet.
 *
 * <p>Only the store's single writer calls this, so update-then-insert cannot race with itself.
 */
final class Aggregates {

    /** The currency code of calls that have no cost (UNPRICED): ISO-4217's "no currency". */
    static final String NO_CURRENCY = "XXX";

    private static final long HOUR = 3600L;
    private static final long DAY = 86400L;

    /** Rollup key: grain, bucket start (epoch seconds) and the group's dimensions. */
    record RollupKey(char grain, long bucketStart, String provider, String model, String userId, String projectId,
            String teamId, String operation, String currency) {

        String hash() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                String joined = String.join("\u0000", provider, model, userId, projectId, teamId, operation, currency);
                return Base64.getEncoder().encodeToString(sha.digest(joined.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java platform", e);
            }
        }
    }

    /** Sums of one rollup row; deltas may be negative (a repricing moves a record between rows). */
    static final class Sums {
        /** The row's {@code group_key}, {@link RollupKey#hash()}, computed once when the sums are made. */
        final String groupKey;
        BigDecimal cost = BigDecimal.ZERO;
        long calls;
        long unpricedCalls;
        long inputTokens;
        long cacheReadTokens;
        long cacheWriteTokens;
        long outputTokens;
        long reasoningTokens;

        Sums(String groupKey) {
            this.groupKey = groupKey;
        }

        void add(Sums other) {
            cost = cost.add(other.cost);
            calls += other.calls;
            unpricedCalls += other.unpricedCalls;
            inputTokens += other.inputTokens;
            cacheReadTokens += other.cacheReadTokens;
            cacheWriteTokens += other.cacheWriteTokens;
            outputTokens += other.outputTokens;
            reasoningTokens += other.reasoningTokens;
        }
    }

    record BucketKeyRow(String policyId, String scopeValue, long periodStart, String currency) {
    }

    final Map<RollupKey, Sums> rollups = new LinkedHashMap<>();
    final Map<BucketKeyRow, BigDecimal> totals = new LinkedHashMap<>();

    /** Adds ({@code sign} 1) or takes away ({@code sign} -1) a record's contribution to the rollups. */
    void rollup(UsageRecord record, int sign) {
        long second = record.report().timestamp().getEpochSecond();
        add(key('H', Math.floorDiv(second, HOUR) * HOUR, record), record, sign);
        add(key('D', Math.floorDiv(second, DAY) * DAY, record), record, sign);
    }

    /** Adds a record's ledger entries to the bucket totals. */
    void ledger(UsageRecord record) {
        for (LedgerEntry entry : record.ledger()) {
            BucketKeyRow key = new BucketKeyRow(entry.bucket().policyId(), entry.bucket().scopeValue(),
                    Codec.nanos(entry.bucket().periodStart()), entry.amount().currency().getCurrencyCode());
            totals.merge(key, entry.amount().amount(), BigDecimal::add);
        }
    }

    /** Adds another fold's sums and totals to these (the other is left as it was). */
    void merge(Aggregates other) {
        for (Map.Entry<RollupKey, Sums> row : other.rollups.entrySet()) {
            Sums mine = rollups.get(row.getKey());
            if (mine == null) {
                mine = new Sums(row.getValue().groupKey);
                rollups.put(row.getKey(), mine);
            }
            mine.add(row.getValue());
        }
        for (Map.Entry<BucketKeyRow, BigDecimal> total : other.totals.entrySet()) {
            totals.merge(total.getKey(), total.getValue(), BigDecimal::add);
        }
    }

    private static RollupKey key(char grain, long start, UsageRecord record) {
        var report = record.report();
        var dims = report.dimensions();
        String currency = record.charge().cost() == null ? NO_CURRENCY
                : record.charge().cost().currency().getCurrencyCode();
        return new RollupKey(grain, start, report.provider(), report.model(), orEmpty(dims.userId()),
                orEmpty(dims.projectId()), orEmpty(dims.teamId()), report.operation().name(), currency);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private void add(RollupKey key, UsageRecord record, int sign) {
        Sums sums = rollups.computeIfAbsent(key, k -> new Sums(k.hash()));
        var usage = record.report().usage();
        if (record.charge().cost() != null) {
            BigDecimal cost = record.charge().cost().amount();
            sums.cost = sums.cost.add(sign > 0 ? cost : cost.negate());
        }
        sums.calls += sign;
        if (record.charge().status() == PricingStatus.UNPRICED) {
            sums.unpricedCalls += sign;
        }
        sums.inputTokens += sign * usage.inputTokens();
        sums.cacheReadTokens += sign * usage.cacheReadTokens();
        sums.cacheWriteTokens += sign * usage.cacheWriteTokens();
        sums.outputTokens += sign * usage.outputTokens();
        sums.reasoningTokens += sign * usage.reasoningTokens();
    }

    /**
     * Writes the folded rollups: updates each row, inserts those that did not exist. The ledger
     * totals are not written here: a batch leaves them to {@link LedgerFolds}.
     *
     * @param oneByOne execute each statement at once rather than as a JDBC batch: cheaper
     *                 in-process (embedded Derby), where a batch saves no round trips
     */
    void writeRollups(Connection connection, boolean oneByOne) throws SQLException {
        List<Map.Entry<RollupKey, Sums>> hours = new ArrayList<>();
        List<Map.Entry<RollupKey, Sums>> days = new ArrayList<>();
        for (Map.Entry<RollupKey, Sums> row : rollups.entrySet()) {
            (row.getKey().grain() == 'H' ? hours : days).add(row);
        }
        writeRollups(connection, RollupTables.HOUR, hours, oneByOne);
        writeRollups(connection, RollupTables.DAY, days, oneByOne);
    }

    private static final String ROLLUP_UPDATE = " SET cost = cost + ?, calls = calls + ?,"
            + " unpriced_calls = unpriced_calls + ?, input_tokens = input_tokens + ?,"
            + " cache_read_tokens = cache_read_tokens + ?, cache_write_tokens = cache_write_tokens + ?,"
            + " output_tokens = output_tokens + ?, reasoning_tokens = reasoning_tokens + ?"
            + " WHERE bucket_start = ? AND group_key = ?";

    private static final String ROLLUP_INSERT = " (bucket_start, group_key, provider, model, user_id, project_id,"
            + " team_id, operation, currency, cost, calls, unpriced_calls, input_tokens, cache_read_tokens,"
            + " cache_write_tokens, output_tokens, reasoning_tokens)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static void writeRollups(Connection connection, String table, List<Map.Entry<RollupKey, Sums>> rows,
            boolean oneByOne) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        boolean[] missing = new boolean[rows.size()];
        boolean anyMissing = false;
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + ROLLUP_UPDATE)) {
            for (int i = 0; i < rows.size(); i++) {
                RollupKey k = rows.get(i).getKey();
                Sums s = rows.get(i).getValue();
                update.setBigDecimal(1, s.cost);
                update.setLong(2, s.calls);
                update.setLong(3, s.unpricedCalls);
                update.setLong(4, s.inputTokens);
                update.setLong(5, s.cacheReadTokens);
                update.setLong(6, s.cacheWriteTokens);
                update.setLong(7, s.outputTokens);
                update.setLong(8, s.reasoningTokens);
                update.setLong(9, k.bucketStart());
                update.setString(10, s.groupKey);
                updateRow(update, oneByOne, missing, i);
            }
            anyMissing = finishUpdates(update, oneByOne, missing);
        }
        if (!anyMissing) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + ROLLUP_INSERT)) {
            for (int i = 0; i < rows.size(); i++) {
                if (!missing[i]) {
                    continue;
                }
                RollupKey k = rows.get(i).getKey();
                Sums s = rows.get(i).getValue();
                insert.setLong(1, k.bucketStart());
                insert.setString(2, s.groupKey);
                insert.setString(3, k.provider());
                insert.setString(4, k.model());
                insert.setString(5, k.userId());
                insert.setString(6, k.projectId());
                insert.setString(7, k.teamId());
                insert.setString(8, k.operation());
                insert.setString(9, k.currency());
                insert.setBigDecimal(10, s.cost);
                insert.setLong(11, s.calls);
                insert.setLong(12, s.unpricedCalls);
                insert.setLong(13, s.inputTokens);
                insert.setLong(14, s.cacheReadTokens);
                insert.setLong(15, s.cacheWriteTokens);
                insert.setLong(16, s.outputTokens);
                insert.setLong(17, s.reasoningTokens);
                insertRow(insert, oneByOne);
            }
            if (!oneByOne) {
                insert.executeBatch();
            }
        }
    }

    /** Runs a bound update now (one by one), noting whether it found its row, or adds it to the batch. */
    private static void updateRow(PreparedStatement update, boolean oneByOne, boolean[] missing, int i)
            throws SQLException {
        if (oneByOne) {
            missing[i] = update.executeUpdate() == 0;
        } else {
            update.addBatch();
        }
    }

    /** Runs the batch of updates (unless they ran one by one); whether any found no row to update. */
    private static boolean finishUpdates(PreparedStatement update, boolean oneByOne, boolean[] missing)
            throws SQLException {
        if (!oneByOne) {
            int[] updated = update.executeBatch();
            for (int i = 0; i < missing.length; i++) {
                missing[i] = updated[i] == 0;
            }
        }
        for (boolean row : missing) {
            if (row) {
                return true;
            }
        }
        return false;
    }

    private static void insertRow(PreparedStatement insert, boolean oneByOne) throws SQLException {
        if (oneByOne) {
            insert.executeUpdate();
        } else {
            insert.addBatch();
        }
    }

    /** Adds the folded totals to {@code ledger_total}: updates each row, inserts those that did not exist. */
    void writeTotals(Connection connection, boolean oneByOne) throws SQLException {
        if (totals.isEmpty()) {
            return;
        }
        List<Map.Entry<BucketKeyRow, BigDecimal>> rows = new ArrayList<>(totals.entrySet());
        boolean[] missing = new boolean[rows.size()];
        boolean anyMissing = false;
        try (PreparedStatement update = connection.prepareStatement("UPDATE ledger_total SET amount = amount + ?"
                + " WHERE policy_id = ? AND scope_value = ? AND period_start = ? AND currency = ?")) {
            for (int i = 0; i < rows.size(); i++) {
                BucketKeyRow k = rows.get(i).getKey();
                update.setBigDecimal(1, rows.get(i).getValue());
                update.setString(2, k.policyId());
                update.setString(3, k.scopeValue());
                update.setLong(4, k.periodStart());
                update.setString(5, k.currency());
                updateRow(update, oneByOne, missing, i);
            }
            anyMissing = finishUpdates(update, oneByOne, missing);
        }
        if (!anyMissing) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_total (policy_id,"
                + " scope_value, period_start, currency, amount) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows.size(); i++) {
                if (!missing[i]) {
                    continue;
                }
                BucketKeyRow k = rows.get(i).getKey();
                insert.setString(1, k.policyId());
                insert.setString(2, k.scopeValue());
                insert.setLong(3, k.periodStart());
                insert.setString(4, k.currency());
                insert.setBigDecimal(5, rows.get(i).getValue());
                insertRow(insert, oneByOne);
            }
            if (!oneByOne) {
                insert.executeBatch();
            }
        }
    }
}
