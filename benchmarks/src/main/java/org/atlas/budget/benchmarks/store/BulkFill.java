package org.atlas.budget.benchmarks.store;

import java.io.BufferedWriter;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * Fills a store database with many usage records fast enough for a benchmark set-up: the rows
 * are written to a CSV file and loaded with Derby's bulk import ({@code SYSCS_IMPORT_TABLE} in
 * replace mode), and the ledger totals of those rows are computed here and inserted, exactly as
 * the store's own writer would have left them. Rollups are not written: a start reads neither
 * them nor the raw log.
 */
final class BulkFill {

    private BulkFill() {
    }

    static void fill(File db, Path csv, long records, Instant first, Instant last) throws Exception {
        long started = System.nanoTime();
        long firstNanos = first.getEpochSecond() * 1_000_000_000L;
        long span = (last.getEpochSecond() - first.getEpochSecond()) * 1_000_000_000L;
        long month = Instant.parse("2026-11-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        long october = Instant.parse("2026-10-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        Map<String, BigDecimal> totals = new HashMap<>();
        BigDecimal cost = Records.COST.amount();
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (long n = 0; n < records; n++) {
                long ts = firstNanos + (long) ((double) n / records * span);
                long period = ts >= month ? month : october;
                String user = "user-" + (n % 1000);
                String ledger = "global-monthly\t*\t" + period + "\t" + cost.toPlainString() + "\tUSD\n"
                        + "per-user-monthly\t" + user + "\t" + period + "\t" + cost.toPlainString() + "\tUSD";
                totals.merge("global-monthly\t*\t" + period, cost, BigDecimal::add);
                totals.merge("per-user-monthly\t" + user + "\t" + period, cost, BigDecimal::add);
                out.write("\"fill-" + n + "\",\"openai\",\"" + Records.MODELS[(int) (n % Records.MODELS.length)]
                        + "\",\"CHAT\"," + ts + ",1,\"" + user + "\",\"project-" + (n % 20) + "\",,,\"\",1000,0,0,0,500,0,"
                        + "\"\",0,0,1,\"PRICED\"," + cost.toPlainString() + ",\"USD\",\"openai/gpt-4o@2026-01\","
                        + "\"builtin\",\"" + ledger + "\"," + ts + "\n");
            }
        }
        System.out.printf("wrote %,d rows to %s in %d s%n", records, csv, (System.nanoTime() - started) / 1_000_000_000L);
        // The fill is set-up, not measured: without disk syncs it takes minutes, not a quarter of an
        // hour. The database is shut down cleanly afterwards (everything written), and the measured
        // starts boot it with the default, durable setting.
        System.setProperty("derby.system.durability", "test");
        Records.shutdown(db);
        try (Connection c = new EmbeddedDriver().connect("jdbc:derby:" + db.getAbsolutePath(), new Properties())) {
            try (CallableStatement load = c.prepareCall("CALL SYSCS_UTIL.SYSCS_IMPORT_TABLE(null, 'USAGE_RECORD', ?,"
                    + " ',', '\"', 'UTF-8', 1)")) {
                load.setString(1, csv.toAbsolutePath().toString());
                load.execute();
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger_total (policy_id, scope_value,"
                    + " period_start, currency, amount) VALUES (?, ?, ?, 'USD', ?)")) {
                for (Map.Entry<String, BigDecimal> total : totals.entrySet()) {
                    String[] key = total.getKey().split("\t");
                    insert.setString(1, key[0]);
                    insert.setString(2, key[1]);
                    insert.setLong(3, Long.parseLong(key[2]));
                    insert.setBigDecimal(4, total.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("bulk fill failed: " + e.getMessage(), e);
        }
        Records.shutdown(db);
        System.clearProperty("derby.system.durability");
        Files.delete(csv);
        System.out.printf("filled %,d records in %d s%n", records, (System.nanoTime() - started) / 1_000_000_000L);
    }
}
