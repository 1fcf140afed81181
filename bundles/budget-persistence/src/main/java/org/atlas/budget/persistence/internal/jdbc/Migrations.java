package org.atlas.budget.persistence.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's schema as versioned steps, recorded in {@code atlas_schema_version}. Applying is
 * idempotent: steps already recorded are skipped, so it runs at every start. Concurrent starts
 * (several nodes on one PostgreSQL) serialise on a lock of the version table.
 *
 * <p>Columns: instants are BIGINT epoch nanoseconds; money is DECIMAL(31,9) with its currency
 * beside it, never floating point; absent dimensions are NULL in records and '' in rollups (part
 * of their key).
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    static final String VERSION_TABLE = "atlas_schema_version";

    /** Every step, in order. */
    public static final List<Migration> ALL = List.of(
            new Migration(1, "usage records, ledger totals, rollups, policies, open holds", List.of(
                    "CREATE TABLE usage_record ("
                            + " request_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " provider VARCHAR(200) NOT NULL,"
                            + " model VARCHAR(200) NOT NULL,"
                            + " operation VARCHAR(32) NOT NULL,"
                            + " ts BIGINT NOT NULL,"
                            + " success SMALLINT NOT NULL,"
                            + " user_id VARCHAR(256),"
                            + " project_id VARCHAR(256),"
                            + " team_id VARCHAR(256),"
                            + " session_id VARCHAR(256),"
                            + " tags VARCHAR(4500) NOT NULL,"
                            + " input_tokens BIGINT NOT NULL,"
                            + " cache_read_tokens BIGINT NOT NULL,"
                            + " cache_write_tokens BIGINT NOT NULL,"
                            + " cache_write_1h_tokens BIGINT NOT NULL,"
                            + " output_tokens BIGINT NOT NULL,"
                            + " reasoning_tokens BIGINT NOT NULL,"
                            + " images VARCHAR(4000) NOT NULL,"
                            + " audio_seconds DECIMAL(31,9) NOT NULL,"
                            + " characters BIGINT NOT NULL,"
                            + " requests BIGINT NOT NULL,"
                            + " charge_status VARCHAR(16) NOT NULL,"
                            + " cost DECIMAL(31,9),"
                            + " currency CHAR(3),"
                            + " price_version VARCHAR(200),"
                            + " catalogue VARCHAR(200),"
                            + " ledger VARCHAR(16000) NOT NULL,"
                            + " recorded_at BIGINT NOT NULL)",
                    "CREATE INDEX usage_record_ts ON usage_record (ts DESC, request_id DESC)",
                    "CREATE INDEX usage_record_recorded ON usage_record (recorded_at)",
                    "CREATE TABLE usage_tag ("
                            + " tag VARCHAR(128) NOT NULL,"
                            + " request_id VARCHAR(200) NOT NULL,"
                            + " ts BIGINT NOT NULL,"
                            + " PRIMARY KEY (tag, request_id))",
                    "CREATE INDEX usage_tag_ts ON usage_tag (tag, ts DESC, request_id DESC)",
                    "CREATE TABLE ledger_total ("
                            + " policy_id VARCHAR(64) NOT NULL,"
                            + " scope_value VARCHAR(256) NOT NULL,"
                            + " period_start BIGINT NOT NULL,"
                            + " currency CHAR(3) NOT NULL,"
                            + " amount DECIMAL(31,9) NOT NULL,"
                            + " PRIMARY KEY (policy_id, scope_value, period_start, currency))",
                    "CREATE INDEX ledger_total_period ON ledger_total (period_start)",
                    "CREATE TABLE usage_rollup ("
                            + " grain CHAR(1) NOT NULL,"
                            + " bucket_start BIGINT NOT NULL,"
                            + " group_key CHAR(44) NOT NULL,"
                            + " provider VARCHAR(200) NOT NULL,"
                            + " model VARCHAR(200) NOT NULL,"
                            + " user_id VARCHAR(256) NOT NULL,"
                            + " project_id VARCHAR(256) NOT NULL,"
                            + " team_id VARCHAR(256) NOT NULL,"
                            + " operation VARCHAR(32) NOT NULL,"
                            + " currency CHAR(3) NOT NULL,"
                            + " cost DECIMAL(31,9) NOT NULL,"
                            + " calls BIGINT NOT NULL,"
                            + " unpriced_calls BIGINT NOT NULL,"
                            + " input_tokens BIGINT NOT NULL,"
                            + " cache_read_tokens BIGINT NOT NULL,"
                            + " cache_write_tokens BIGINT NOT NULL,"
                            + " output_tokens BIGINT NOT NULL,"
                            + " reasoning_tokens BIGINT NOT NULL,"
                            + " PRIMARY KEY (grain, bucket_start, group_key))",
                    "CREATE TABLE budget_policy ("
                            + " id VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " body VARCHAR(32000) NOT NULL,"
                            + " updated_at BIGINT NOT NULL)",
                    "CREATE TABLE open_hold ("
                            + " admission_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " request_id VARCHAR(200) NOT NULL,"
                            + " amounts VARCHAR(16000) NOT NULL,"
                            + " created_at BIGINT NOT NULL,"
                            + " expires_at BIGINT NOT NULL)")),
            new Migration(2, "alerts, alert rules and the audit log of administrative changes", List.of(
                    "CREATE TABLE budget_alert ("
                            + " id VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " state VARCHAR(16) NOT NULL,"
                            + " raised_at BIGINT NOT NULL,"
                            + " body VARCHAR(32000) NOT NULL)",
                    "CREATE INDEX budget_alert_state ON budget_alert (state, raised_at)",
                    "CREATE TABLE alert_rule ("
                            + " id VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " body VARCHAR(32000) NOT NULL)",
                    "CREATE TABLE audit_log ("
                            + " seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            + " logged_at BIGINT NOT NULL,"
                            + " actor VARCHAR(200) NOT NULL,"
                            + " action VARCHAR(100) NOT NULL,"
                            + " target VARCHAR(500),"
                            + " details VARCHAR(32000) NOT NULL)")),
            new Migration(3, "hour and day rollups in tables of their own, keyed by time first", List.of(
                    rollupTable("usage_rollup_hour"),
                    rollupTable("usage_rollup_day"),
                    copyRollups("usage_rollup_hour", 'H'),
                    copyRollups("usage_rollup_day", 'D'),
                    "DROP TABLE usage_rollup")),
            new Migration(4, "no index on recorded_at: retention selects by call time through usage_record_ts",
                    List.of("DROP INDEX usage_record_recorded")),
            new Migration(5, "usage records kept per committed batch, request ids in a table of their own", List.of(
                    "CREATE TABLE usage_batch ("
                            + " batch_seq BIGINT NOT NULL PRIMARY KEY,"
                            + " min_ts BIGINT NOT NULL,"
                            + " max_ts BIGINT NOT NULL,"
                            + " record_count INT NOT NULL,"
                            + " records " + Migration.BYTES + " NOT NULL)",
                    "CREATE INDEX usage_batch_max ON usage_batch (max_ts DESC, batch_seq DESC)",
                    "CREATE INDEX usage_batch_min ON usage_batch (min_ts)",
                    "CREATE TABLE usage_request ("
                            + " request_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " batch_seq BIGINT NOT NULL)",
                    "CREATE SEQUENCE usage_batch_seq AS BIGINT START WITH 1"),
                    RecordsOfVersion4::moveToBatches,
                    List.of("DROP TABLE usage_tag", "DROP TABLE usage_record")),
            new Migration(6, "ledger totals folded behind the batches: the batches not folded yet", List.of(
                    "CREATE TABLE ledger_pending (batch_seq BIGINT NOT NULL PRIMARY KEY)")));

    /**
     * Rollup columns after the time and key: the group's dimensions, the currency and the sums.
     * Version 1 kept both grains in one table behind a {@code grain} column; reads of one grain
     * then depended on the optimiser guessing that column's selectivity (Derby guessed a scan of
     * both grains for parameterised queries), and the day rows were spread among 24 times as many
     * hour rows. One table per grain, its primary key led by {@code bucket_start}, makes a range of
     * hours or days one index range whose rows lie together, as they were written in time order.
     */
    private static final String ROLLUP_COLUMNS = "bucket_start, group_key, provider, model, user_id, project_id,"
            + " team_id, operation, currency, cost, calls, unpriced_calls, input_tokens, cache_read_tokens,"
            + " cache_write_tokens, output_tokens, reasoning_tokens";

    private static String rollupTable(String name) {
        return "CREATE TABLE " + name + " ("
                + " bucket_start BIGINT NOT NULL,"
                + " group_key CHAR(44) NOT NULL,"
                + " provider VARCHAR(200) NOT NULL,"
                + " model VARCHAR(200) NOT NULL,"
                + " user_id VARCHAR(256) NOT NULL,"
                + " project_id VARCHAR(256) NOT NULL,"
                + " team_id VARCHAR(256) NOT NULL,"
                + " operation VARCHAR(32) NOT NULL,"
                + " currency CHAR(3) NOT NULL,"
                + " cost DECIMAL(31,9) NOT NULL,"
                + " calls BIGINT NOT NULL,"
                + " unpriced_calls BIGINT NOT NULL,"
                + " input_tokens BIGINT NOT NULL,"
                + " cache_read_tokens BIGINT NOT NULL,"
                + " cache_write_tokens BIGINT NOT NULL,"
                + " output_tokens BIGINT NOT NULL,"
                + " reasoning_tokens BIGINT NOT NULL,"
                + " PRIMARY KEY (bucket_start, group_key))";
    }

    /** Copies one grain of version 1's table in time order, so its rows lie in the order later reads want. */
    private static String copyRollups(String table, char grain) {
        return "INSERT INTO " + table + " (" + ROLLUP_COLUMNS + ") SELECT " + ROLLUP_COLUMNS
                + " FROM usage_rollup WHERE grain = '" + grain + "' ORDER BY bucket_start, group_key";
    }

    private Migrations() {
    }

    /** Applies every step of {@link #ALL} not yet recorded; returns the versions it applied. */
    public static List<Integer> apply(Connection connection) throws SQLException {
        return apply(connection, ALL);
    }

    /** Applies the given steps (tests pass a prefix of {@link #ALL} to build an older schema). */
    static List<Integer> apply(Connection connection, List<Migration> steps) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean derby = connection.getMetaData().getDatabaseProductName().contains("Derby");
        connection.setAutoCommit(false);
        try {
            ensureVersionTable(connection);
            List<Integer> applied = new ArrayList<>();
            for (Migration step : steps) {
                try (Statement lock = connection.createStatement()) {
                    lock.execute("LOCK TABLE " + VERSION_TABLE + " IN EXCLUSIVE MODE");
                }
                if (recorded(connection, step.version())) {
                    connection.commit();
                    continue;
                }
                run(connection, step.statements(), derby);
                if (step.data() != null) {
                    step.data().run(connection, derby);
                }
                run(connection, step.after(), derby);
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO " + VERSION_TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                    record.setInt(1, step.version());
                    record.setString(2, step.description());
                    record.setLong(3, Codec.nanos(java.time.Instant.now()));
                    record.executeUpdate();
                }
                connection.commit();
                applied.add(step.version());
                LOG.info("Applied schema version {}: {}", step.version(), step.description());
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void run(Connection connection, List<String> statements, boolean derby) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            for (String sql : statements) {
                ddl.execute(sql.replace(Migration.BYTES, derby ? "BLOB" : "BYTEA"));
            }
        }
    }

    /** The versions recorded, in order. */
    public static List<Integer> versions(Connection connection) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT version FROM " + VERSION_TABLE + " ORDER BY version");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private static void ensureVersionTable(Connection connection) throws SQLException {
        if (tableExists(connection, VERSION_TABLE)) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE " + VERSION_TABLE + " (version INT NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(500) NOT NULL, applied_at BIGINT NOT NULL)");
            connection.commit();
        } catch (SQLException e) {
            // Another node created it between the check and here: that is what we wanted.
            connection.rollback();
            if (!tableExists(connection, VERSION_TABLE)) {
                throw e;
            }
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        String schema = connection.getSchema();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rows = connection.getMetaData().getTables(null, schema, name, new String[] {"TABLE"})) {
                if (rows.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean recorded(Connection connection, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM " + VERSION_TABLE + " WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
