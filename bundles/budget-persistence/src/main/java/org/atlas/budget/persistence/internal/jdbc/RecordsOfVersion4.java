package org.atlas.budget.persistence.internal.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * Schema version 5's move of the records of versions 1 to 4 (a row each in {@code usage_record},
 * tags in {@code usage_tag}) into batches: every {@value #BATCH} records, newest first, become one
 * {@code usage_batch} row and their {@code usage_request} rows, in the migration's transaction, so
 * a failed or interrupted move leaves version 4 as it was and runs again at the next start.
 */
final class RecordsOfVersion4 {

    static final int BATCH = 2000;

    private static final String COLUMNS = "request_id, provider, model, operation, ts, success, user_id, project_id,"
            + " team_id, session_id, tags, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,"
            + " output_tokens, reasoning_tokens, images, audio_seconds, characters, requests, charge_status, cost,"
            + " currency, price_version, catalogue, ledger, recorded_at";

    private RecordsOfVersion4() {
    }

    static void moveToBatches(Connection c, boolean derby) throws SQLException {
        List<UsageRows.Row> rows = new ArrayList<>(BATCH);
        long moved = 0;
        try (PreparedStatement query = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM usage_record ORDER BY ts DESC, request_id DESC")) {
            query.setFetchSize(1000);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(UsageRows.encode(read(result)));
                    if (rows.size() == BATCH) {
                        moved += write(c, derby, rows);
                    }
                }
            }
        }
        moved += write(c, derby, rows);
        if (moved > 0) {
            org.slf4j.LoggerFactory.getLogger(RecordsOfVersion4.class)
                    .info("Moved {} usage record(s) into batches (schema version 5)", moved);
        }
    }

    private static int write(Connection c, boolean derby, List<UsageRows.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        long seq = UsageRows.nextBatch(c, derby);
        try (PreparedStatement requests = c.prepareStatement(UsageRows.INSERT_REQUEST)) {
            for (UsageRows.Row row : rows) {
                requests.setString(1, row.requestId());
                requests.setLong(2, seq);
                requests.addBatch();
            }
            requests.executeBatch();
        }
        UsageRows.insertBatch(c, seq, rows);
        int n = rows.size();
        rows.clear();
        return n;
    }

    /** A record of version 4's row, selected with {@link #COLUMNS}. */
    static UsageRecord read(ResultSet row) throws SQLException {
        Usage usage = new Usage(row.getLong(12), row.getLong(13), row.getLong(14), row.getLong(15), row.getLong(16),
                row.getLong(17), Codec.images(row.getString(18)), row.getBigDecimal(19), row.getLong(20),
                row.getLong(21));
        Dimensions dims = new Dimensions(row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                Codec.tags(row.getString(11)));
        UsageReport report = new UsageReport(row.getString(1), row.getString(2), row.getString(3),
                Operation.valueOf(row.getString(4)), Codec.instant(row.getLong(5)), row.getShort(6) != 0, dims, usage);
        PricingStatus status = PricingStatus.valueOf(row.getString(22));
        BigDecimal cost = row.getBigDecimal(23);
        Charge charge = status == PricingStatus.UNPRICED ? Charge.unpriced()
                : new Charge(status, Money.of(cost, Money.currency(row.getString(24).trim())), row.getString(25),
                        row.getString(26));
        return new UsageRecord(report, charge, Codec.instant(row.getLong(28)), Codec.ledger(row.getString(27)));
    }
}
