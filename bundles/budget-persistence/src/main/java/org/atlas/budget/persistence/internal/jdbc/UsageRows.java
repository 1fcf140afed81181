package org.atlas.budget.persistence.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/** The mapping of a usage record to its row in {@code usage_record} (and its tags to {@code usage_tag}). */
final class UsageRows {

    static final String COLUMNS = "request_id, provider, model, operation, ts, success, user_id, project_id,"
            + " team_id, session_id, tags, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,"
            + " output_tokens, reasoning_tokens, images, audio_seconds, characters, requests, charge_status, cost,"
            + " currency, price_version, catalogue, ledger, recorded_at";

    static final String INSERT = "INSERT INTO usage_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String INSERT_TAG = "INSERT INTO usage_tag (tag, request_id, ts) VALUES (?, ?, ?)";

    private UsageRows() {
    }

    /**
     * A record and the texts of its row's columns, encoded (and their lengths checked) once, in
     * the caller's thread, so the writer only binds them.
     */
    record Row(UsageRecord record, long ts, long recordedAt, String tags, String images, String ledger) {

        String requestId() {
            return record.requestId();
        }
    }

    /** Encodes a record's row; a value the row cannot hold is an {@link IllegalArgumentException}. */
    static Row encode(UsageRecord record) {
        UsageReport r = record.report();
        long ts = Codec.nanos(r.timestamp());
        long recordedAt = Codec.nanos(record.recordedAt());
        String tags = Codec.bounded(Codec.tags(r.dimensions().tags()), "tags", 4500);
        String images = Codec.bounded(Codec.images(r.usage().images()), "images", 4000);
        String ledger = Codec.bounded(Codec.ledger(record.ledger()), "ledger", 16000);
        return new Row(record, ts, recordedAt, tags, images, ledger);
    }

    /** Adds one row to the insert batches of its row and its tags. */
    static void bind(PreparedStatement insert, PreparedStatement tags, Row row) throws SQLException {
        bindRow(insert, row);
        insert.addBatch();
        for (String tag : row.record().report().dimensions().tags()) {
            bindTag(tags, row, tag);
            tags.addBatch();
        }
    }

    /** Binds the parameters of {@link #INSERT} to one row. */
    static void bindRow(PreparedStatement insert, Row row) throws SQLException {
        UsageRecord record = row.record();
        UsageReport r = record.report();
        Dimensions d = r.dimensions();
        Usage u = r.usage();
        Charge c = record.charge();
        insert.setString(1, r.requestId());
        insert.setString(2, r.provider());
        insert.setString(3, r.model());
        insert.setString(4, r.operation().name());
        insert.setLong(5, row.ts());
        insert.setShort(6, (short) (r.success() ? 1 : 0));
        setNullable(insert, 7, d.userId());
        setNullable(insert, 8, d.projectId());
        setNullable(insert, 9, d.teamId());
        setNullable(insert, 10, d.sessionId());
        insert.setString(11, row.tags());
        insert.setLong(12, u.inputTokens());
        insert.setLong(13, u.cacheReadTokens());
        insert.setLong(14, u.cacheWriteTokens());
        insert.setLong(15, u.cacheWrite1hTokens());
        insert.setLong(16, u.outputTokens());
        insert.setLong(17, u.reasoningTokens());
        insert.setString(18, row.images());
        insert.setBigDecimal(19, u.audioSeconds());
        insert.setLong(20, u.characters());
        insert.setLong(21, u.requests());
        insert.setString(22, c.status().name());
        if (c.cost() == null) {
            insert.setNull(23, Types.DECIMAL);
            insert.setNull(24, Types.CHAR);
        } else {
            insert.setBigDecimal(23, c.cost().amount());
            insert.setString(24, c.cost().currency().getCurrencyCode());
        }
        setNullable(insert, 25, c.priceVersion());
        setNullable(insert, 26, c.catalogue());
        insert.setString(27, row.ledger());
        insert.setLong(28, row.recordedAt());
    }

    /** Binds the parameters of {@link #INSERT_TAG} to one tag of a row. */
    static void bindTag(PreparedStatement tags, Row row, String tag) throws SQLException {
        tags.setString(1, tag);
        tags.setString(2, row.requestId());
        tags.setLong(3, row.ts());
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** Reads the record at the result set's current row, selected with {@link #COLUMNS}. */
    static UsageRecord read(ResultSet row) throws SQLException {
        Usage usage = new Usage(row.getLong(12), row.getLong(13), row.getLong(14), row.getLong(15), row.getLong(16),
                row.getLong(17), Codec.images(row.getString(18)), plain(row.getBigDecimal(19)), row.getLong(20),
                row.getLong(21));
        Dimensions dims = new Dimensions(row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                Codec.tags(row.getString(11)));
        UsageReport report = new UsageReport(row.getString(1), row.getString(2), row.getString(3),
                Operation.valueOf(row.getString(4)), Codec.instant(row.getLong(5)), row.getShort(6) != 0, dims, usage);
        PricingStatus status = PricingStatus.valueOf(row.getString(22));
        java.math.BigDecimal cost = row.getBigDecimal(23);
        Charge charge = status == PricingStatus.UNPRICED ? Charge.unpriced()
                : new Charge(status, Money.of(cost, Money.currency(row.getString(24).trim())), row.getString(25),
                        row.getString(26));
        return new UsageRecord(report, charge, Codec.instant(row.getLong(28)), Codec.ledger(row.getString(27)));
    }

    /**
     * The column has 9 decimal places; a value comes back without the trailing zeros that adds (0,
     * not 0E-9), so a record written as usual reads back equal to itself.
     */
    private static java.math.BigDecimal plain(java.math.BigDecimal value) {
        return value.signum() == 0 ? java.math.BigDecimal.ZERO : value.stripTrailingZeros();
    }

    static List<UsageRecord> readAll(ResultSet rows, List<UsageRecord> into) throws SQLException {
        while (rows.next()) {
            into.add(read(rows));
        }
        return into;
    }

    static UsageRecord find(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM usage_record WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? read(rows) : null;
            }
        }
    }
}
