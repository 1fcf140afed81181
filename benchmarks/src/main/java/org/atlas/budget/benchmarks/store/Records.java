package org.atlas.budget.benchmarks.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.persistence.internal.jdbc.ConnectionPool;

/** Realistic usage records for the store benchmarks: one model per call, a user, a project, two ledger entries. */
final class Records {

    static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-pro"};
    static final Money COST = Money.of("0.0075", "USD");

    static {
        // As the budget-derby bundle sets them in Karaf (see DerbyActivator); both the store and the
        // raw baseline run on the same engine settings.
        System.setProperty("derby.storage.logBufferSize", "1048576");
        System.setProperty("derby.storage.fileSyncTransactionLog", "true");
    }

    private Records() {
    }

    static UsageRecord record(String id, long n, Instant at) {
        String user = "user-" + (n % 1000);
        Instant month = Instant.parse("2026-11-01T00:00:00Z");
        UsageReport report = new UsageReport(id, "openai", MODELS[(int) (n % MODELS.length)], Operation.CHAT, at, true,
                new Dimensions(user, "project-" + (n % 20), null, null, Set.of()),
                Usage.builder().inputTokens(1000).outputTokens(500).build());
        return new UsageRecord(report, new Charge(PricingStatus.PRICED, COST, "openai/gpt-4o@2026-01", "builtin"), at,
                List.of(new LedgerEntry(new BucketKey("global-monthly", "*", month), COST),
                        new LedgerEntry(new BucketKey("per-user-monthly", user, month), COST)));
    }

    /** The same record with other tags. */
    static UsageRecord withTags(UsageRecord record, Set<String> tags) {
        UsageReport r = record.report();
        Dimensions d = r.dimensions();
        UsageReport tagged = new UsageReport(r.requestId(), r.provider(), r.model(), r.operation(), r.timestamp(),
                r.success(), new Dimensions(d.userId(), d.projectId(), d.teamId(), d.sessionId(), tags), r.usage());
        return new UsageRecord(tagged, record.charge(), record.recordedAt(), record.ledger());
    }

    static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConnectionPool derby(File folder, boolean create) {
        System.setProperty("derby.stream.error.file", new File(folder.getParentFile(), "derby.log").getPath());
        return new ConnectionPool(new EmbeddedDriver(), "jdbc:derby:" + folder.getAbsolutePath()
                + (create ? ";create=true" : ""), null, null, 4);
    }

    /** Shuts one Derby database down (its next open is a cold boot); one that is not booted stays so. */
    static void shutdown(File folder) {
        try {
            new EmbeddedDriver().connect("jdbc:derby:" + folder.getAbsolutePath() + ";shutdown=true", new Properties());
        } catch (SQLException e) {
            // 08006: shut down; XJ004: not booted ("not found"), e.g. BulkFill shut it down already.
            if (!"08006".equals(e.getSQLState()) && !"XJ004".equals(e.getSQLState())) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void delete(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
