package org.atlas.budget.benchmarks.store;

import java.io.File;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;

/**
 * Fills a store database with many usage records for a benchmark set-up, through the store's own
 * write path (so request ids, batches, rollups and ledger totals are exactly what the store leaves),
 * in calls of {@value #CALL} records, with Derby's disk syncs off: the fill is set-up, not
 * measured. The database is shut down cleanly afterwards, and the measured starts boot it with
 * the default, durable setting.
 */
final class BulkFill {

    static final int CALL = 5000;

    private BulkFill() {
    }

    static void fill(File db, long records, Instant first, Instant last) throws Exception {
        long started = System.nanoTime();
        long firstNanos = first.getEpochSecond() * 1_000_000_000L;
        long span = (last.getEpochSecond() - first.getEpochSecond()) * 1_000_000_000L;
        Instant november = Instant.parse("2026-11-01T00:00:00Z");
        Instant october = Instant.parse("2026-10-01T00:00:00Z");
        BigDecimal cost = Records.COST.amount();
        System.setProperty("derby.system.durability", "test");
        try (JdbcBudgetStore store = new JdbcBudgetStore("derby", Records.derby(db, true), CALL, 0)) {
            List<UsageRecord> call = new ArrayList<>(CALL);
            for (long n = 0; n < records; n++) {
                long ts = firstNanos + (long) ((double) n / records * span);
                Instant at = Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
                Instant period = at.isBefore(november) ? october : november;
                UsageRecord base = Records.record("fill-" + n, n, at);
                String user = base.report().dimensions().userId();
                call.add(new UsageRecord(base.report(), new Charge(base.charge().status(), Records.COST,
                        base.charge().priceVersion(), base.charge().catalogue()), at,
                        List.of(new LedgerEntry(new BucketKey("global-monthly", "*", period), Records.COST),
                                new LedgerEntry(new BucketKey("per-user-monthly", user, period), Records.COST))));
                if (call.size() == CALL || n == records - 1) {
                    store.append(call);
                    call = new ArrayList<>(CALL);
                }
                if ((n + 1) % 1_000_000 == 0) {
                    System.out.printf("filled %,d records in %d s%n", n + 1, (System.nanoTime() - started) / 1_000_000_000L);
                }
            }
        } finally {
            Records.shutdown(db);
            System.clearProperty("derby.system.durability");
        }
        System.out.printf("filled %,d records (%s each) in %d s%n", records, cost.toPlainString(),
                (System.nanoTime() - started) / 1_000_000_000L);
    }
}
