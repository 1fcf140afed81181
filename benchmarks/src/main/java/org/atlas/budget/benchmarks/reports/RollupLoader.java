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
 * {@code usage_rollup_hour} and {@code usage_rollup_day} tables (schema version 3 of
 * budget-persistence's {@code Migrations}) with plain JDBC batches, in time order as the store's
 * writer leaves them. Loading ten million records through {@code append} takes hours on this
 * machine; summary and trend reports read only the rollup table, so the rows it would have left
 * there are enough, and the caller checks their totals against the records.
 *
 * <p>The raw records ({@code usage_batch}, {@code usage_request}) stay empty: reports that need raw records (tags, minutes
 * outside whole hours) cannot run on this database.
 */
final class RollupLoader {

    private static final int BATCH = 5000;
    private static final String COLUMNS = " (bucket_start, group_key, provider, model, user_id, project_id,"
            + " team_id, operation, currency, cost, calls, unpriced_calls, input_tokens, cache_read_tokens,"
            + " cache_write_tokens, output_tokens, reasoning_tokens)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Map<Integer, String> groupKeys = new HashMap<>();

    /** Loads both grains in one pass each; returns the rows written as {hour rows, day rows}. */
    long[] load(Connection connection, UsageColumns data) throws Exception {
        connection.setAutoCommit(false);
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM usage_rollup_hour) + (SELECT COUNT(*) FROM usage_rollup_day)"
                        + " FROM SYSIBM.SYSDUMMY1");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            if (rows.getLong(1) != 0) {
                throw new IllegalStateException("the rollup tables already hold " + rows.getLong(1)
                        + " rows; load only into a new database");
            }
        }
        long hours = load(connection, new RollupTable(data, 3600), "usage_rollup_hour");
        long days = load(connection, new RollupTable(data, 86_400), "usage_rollup_day");
        return new long[] {hours, days};
    }

    private long load(Connection connection, RollupTable table, String into) throws Exception {
        long start = UsageColumns.START.getEpochSecond();
        long[] written = {0};
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + into + COLUMNS)) {
            table.forEachRow((bucket, model, user, cost, calls, input, cacheRead, output) -> {
                insert.setLong(1, start + bucket * table.unitSeconds);
                insert.setString(2, groupKey(model, user));
                insert.setString(3, UsageColumns.provider(model));
                insert.setString(4, UsageColumns.modelName(model));
                insert.setString(5, UsageColumns.userName(user));
                insert.setString(6, UsageColumns.projectName(UsageColumns.project(user)));
                insert.setString(7, UsageColumns.teamName(UsageColumns.team(user)));
                insert.setString(8, "CHAT");
                insert.setString(9, "USD");
                insert.setBigDecimal(10, BigDecimal.valueOf(cost, 9));
                insert.setLong(11, calls);
                insert.setLong(12, 0);
                insert.setLong(13, input);
                insert.setLong(14, cacheRead);
                insert.setLong(15, 0);
                insert.setLong(16, output);
                insert.setLong(17, 0);
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
