package org.atlas.budget.persistence.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.atlas.budget.api.model.UsageRecord;

/**
 * Where usage records live (schema version 5 on): each committed batch is one row of
 * {@code usage_batch}, its records in one value ({@link RecordCodec}) beside the earliest and the
 * latest call time among them; each record's request id is one row of {@code usage_request},
 * which keeps request ids unique and says which batch holds the record.
 *
 * <p>Why not a row per record: in Derby a record's cost is mostly the index entries written for
 * it, and a row per record with the indexes its history needs (request id, call time) cost more
 * than the write-path target allows before anything else was written. Here a record costs one
 * narrow index entry, and the time index has one entry per batch.
 */
final class UsageRows {

    static final String INSERT_REQUEST = "INSERT INTO usage_request (request_id, batch_seq) VALUES (?, ?)";

    static final String INSERT_BATCH = "INSERT INTO usage_batch (batch_seq, min_ts, max_ts, record_count, records)"
            + " VALUES (?, ?, ?, ?, ?)";

    private UsageRows() {
    }

    /** A record with its call time and its bytes, encoded once, in the caller's thread. */
    record Row(UsageRecord record, long ts, byte[] body) {

        String requestId() {
            return record.requestId();
        }
    }

    /** Encodes a record's row; a value the store cannot hold is an {@link IllegalArgumentException}. */
    static Row encode(UsageRecord record) {
        // Encoding converts every instant (recordedAt and the ledger's periods too) and rejects one
        // outside the range the store keeps.
        return new Row(record, Codec.nanos(record.report().timestamp()), RecordCodec.encode(record));
    }

    /** A fresh batch number from the sequence {@code usage_batch_seq}. */
    static long nextBatch(Connection c, boolean derby) throws SQLException {
        try (Statement next = c.createStatement();
                ResultSet value = next.executeQuery(derby ? "VALUES (NEXT VALUE FOR usage_batch_seq)"
                        : "SELECT nextval('usage_batch_seq')")) {
            value.next();
            return value.getLong(1);
        }
    }

    /** Writes the batch row of these (new, distinct) records; their request rows are the caller's. */
    static void insertBatch(Connection c, long seq, List<Row> rows) throws SQLException {
        List<byte[]> bodies = new ArrayList<>(rows.size());
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Row row : rows) {
            bodies.add(row.body());
            min = Math.min(min, row.ts());
            max = Math.max(max, row.ts());
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_BATCH)) {
            insert.setLong(1, seq);
            insert.setLong(2, min);
            insert.setLong(3, max);
            insert.setInt(4, rows.size());
            insert.setBytes(5, RecordCodec.batch(bodies));
            insert.executeUpdate();
        }
    }

    /** The batch that holds a request id's record, or -1. */
    static long batchOf(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT batch_seq FROM usage_request WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }

    /** The records of a batch, or null when there is no such batch. */
    static byte[] batch(Connection connection, long seq) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT records FROM usage_batch WHERE batch_seq = ?")) {
            query.setLong(1, seq);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        }
    }

    static UsageRecord find(Connection connection, String requestId) throws SQLException {
        long seq = batchOf(connection, requestId);
        if (seq < 0) {
            return null;
        }
        byte[] batch = batch(connection, seq);
        return batch == null ? null : RecordCodec.find(batch, requestId);
    }

    /** Replaces a batch's records (repricing, retention); an empty list deletes the batch row. */
    static void rewrite(Connection c, long seq, List<UsageRecord> records) throws SQLException {
        if (records.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM usage_batch WHERE batch_seq = ?")) {
                delete.setLong(1, seq);
                delete.executeUpdate();
            }
            return;
        }
        List<byte[]> bodies = new ArrayList<>(records.size());
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (UsageRecord record : records) {
            bodies.add(RecordCodec.encode(record));
            long ts = Codec.nanos(record.report().timestamp());
            min = Math.min(min, ts);
            max = Math.max(max, ts);
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE usage_batch SET min_ts = ?, max_ts = ?,"
                + " record_count = ?, records = ? WHERE batch_seq = ?")) {
            update.setLong(1, min);
            update.setLong(2, max);
            update.setInt(3, records.size());
            update.setBytes(4, RecordCodec.batch(bodies));
            update.setLong(5, seq);
            update.executeUpdate();
        }
    }
}
