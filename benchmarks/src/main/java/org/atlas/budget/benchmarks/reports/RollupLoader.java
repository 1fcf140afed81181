package org.atlas.budget.benchmarks.reports;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the hour and day rollup rows of {@link UsageColumns} straight into the store's
 * {@code usage_rollup} table (schema version 1 of budget-persistence's {@code Migrations}) with
 * plain JDBC batches. Loading ten million records through {@code append} takes hours on this
 * machine; summary and trend reports read only the rollup table, so the rows it would have left
 * there are enough, and the caller checks their totals against the records.
 *
 * <p>The raw {@code usage_record} table stays empty: reports that need raw records (tags, minutes
 * outside whole hours) cannot run on this database.
 */
final class RollupLoader {

    private static final int BATCH = 5000;
    private static final String INSERT = "INSERT INTO usage_rollup (grain, bucket_start, group_key, provider,"
            + " model, user_id, project_id, team_id, operation, currency, cost, calls, unpriced_calls, input_tokens,"
            + " cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Map<Integer, String> groupKeys = new HashMap<>();

    /** Loads both grains in one pass each; returns the rows written as {hour rows, day rows}. */
    long[] load(Connection connection, UsageColumns data) throws Exception {
        connection.setAutoCommit(false);
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM usage_rollup");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            if (rows.getLong(1) != 0) {
                throw new IllegalStateException("usage_rollup already holds " + rows.getLong(1)
                        + " rows; load only into a new database");
            }
        }
        long hours = load(connection, new RollupTable(data, 3600), 'H');
        long days = load(connection, new RollupTable(data, 86_400), 'D');
        return new long[] {hours, days};
    }

    private long load(Connection connection, RollupTable table, char grain) throws Exception {
        long start = UsageColumns.START.getEpochSecond();
        long[] written = {0};
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            table.forEachRow((bucket, model, user, cost, calls, input, cacheRead, output) -> {
                insert.setString(1, String.valueOf(grain));
                insert.setLong(2, start + bucket * table.unitSeconds);
                insert.setString(3, groupKey(model, user));
                insert.setString(4, UsageColumns.provider(model));
                insert.setString(5, UsageColumns.modelName(model));
                insert.setString(6, UsageColumns.userName(user));
                insert.setString(7, UsageColumns.projectName(UsageColumns.project(user)));
                insert.setString(8, UsageColumns.teamName(UsageColumns.team(user)));
                insert.setString(9, "CHAT");
                insert.setString(10, "USD");
                insert.setBigDecimal(11, BigDecimal.valueOf(cost, 9));
                insert.setLong(12, calls);
                insert.setLong(13, 0);
                insert.setLong(14, input);
                insert.setLong(15, cacheRead);
                insert.setLong(16, 0);
                insert.setLong(17, output);
                insert.setLong(18, 0);
                insert.addBatch();
                if (++written[0] % BATCH == 0) {
                    flush(connection, insert);
                }
            });
            flush(connection, insert);
        }
        return written[0];
    }

    private static void flush(Connection connection, PreparedStatement insert) throws SQLException {
        insert.executeBatch();
        connection.commit();
    }

    /**
     * The row's {@code group_key} exactly as the store's {@code Aggregates.RollupKey.hash()} makes it
     * (package-private there), so a later {@code append} of the same group updates these rows
     * instead of inserting duplicates.
     */
    private String groupKey(int model, int user) {
        return groupKeys.computeIfAbsent(model * 1024 + user, k -> {
            String joined = String.join("\u0000", UsageColumns.provider(model), UsageColumns.modelName(model),
                    UsageColumns.userName(user), UsageColumns.projectName(UsageColumns.project(user)),
                    UsageColumns.teamName(UsageColumns.team(user)), "CHAT", "USD");
            try {
                return Base64.getEncoder().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java platform", e);
            }
        });
    }
}
