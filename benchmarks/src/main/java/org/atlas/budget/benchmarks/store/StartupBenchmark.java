package org.atlas.budget.benchmarks.store;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.manager.internal.core.EnforcementEvents;
import org.atlas.budget.manager.internal.core.Enforcer;
import org.atlas.budget.manager.internal.journal.LedgerRestore;
import org.atlas.budget.manager.internal.policy.PolicyIndex;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a start takes until admissions can be served, with {@code records} usage records in
 * the store: boot the Derby database cold, check the schema (migrations), load the policies,
 * rebuild the manager's ledger (ledger totals of the current periods and the open holds). The
 * baseline is the same start on an empty database, in the same run.
 *
 * <p>The databases are filled once, through the store with disk syncs off (see {@link BulkFill}), and kept in
 * {@code -Datlas.bench.dbs=FOLDER} (default {@code target/startup-dbs}) for later runs.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
// The first fill (10 million records) takes longer than JMH's default 10-minute limit.
@org.openjdk.jmh.annotations.Timeout(time = 2, timeUnit = TimeUnit.HOURS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
public class StartupBenchmark {

    @Param({"0", "10000000"})
    public long records;

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    File db;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        Path root = Paths.get(System.getProperty("atlas.bench.dbs", "target/startup-dbs")).toAbsolutePath();
        db = root.resolve("records-v5-" + records).toFile();
        Path done = root.resolve("records-v5-" + records + ".filled");
        if (Files.exists(done)) {
            return;
        }
        Files.createDirectories(root);
        try (JdbcBudgetStore store = new JdbcBudgetStore("derby", Records.derby(db, true), 5000, 0)) {
            for (BudgetPolicy policy : policies()) {
                store.savePolicy(policy);
            }
        }
        if (records > 0) {
            BulkFill.fill(db, records, Instant.parse("2026-10-01T00:00:00Z"), NOW);
        }
        Records.shutdown(db);
        Files.createFile(done);
    }

    static List<BudgetPolicy> policies() {
        return List.of(
                new BudgetPolicy("global-monthly", null, org.atlas.budget.api.model.Scope.GLOBAL, null,
                        Period.of(PeriodKind.MONTHLY, ZoneOffset.UTC), Money.of("100000", "USD"), List.of(80),
                        LimitAction.BLOCK, null, null, null, true, 0),
                new BudgetPolicy("per-user-monthly", null, org.atlas.budget.api.model.Scope.USER, "*",
                        Period.of(PeriodKind.MONTHLY, ZoneOffset.UTC), Money.of("100", "USD"), List.of(80),
                        LimitAction.BLOCK, null, null, null, true, 0));
    }

    /** A cold start to the point where admissions are served; returns the buckets rebuilt. */
    @Benchmark
    public int startUntilAdmissionsAreServed() throws SQLException {
        try (JdbcBudgetStore store = new JdbcBudgetStore("derby", Records.derby(db, false), 2000, 0)) {
            Enforcer enforcer = new Enforcer(() -> null, () -> null, new NoEvents(), Clock.fixed(NOW, ZoneOffset.UTC),
                    Enforcer.Settings.DEFAULT);
            enforcer.policies(new PolicyIndex(store.loadPolicies()));
            return LedgerRestore.restore(store, enforcer, NOW).buckets();
        }
    }

    @TearDown(Level.Invocation)
    public void coldAgain() {
        Records.shutdown(db);
    }

    static final class NoEvents implements EnforcementEvents {
        @Override
        public void decided(org.atlas.budget.api.model.AdmissionRequest request,
                org.atlas.budget.api.model.Decision decision) {
        }

        @Override
        public void overspent(org.atlas.budget.api.model.UsageReport report, String policyId, Money held,
                Money charged) {
        }

        @Override
        public void unpriced(String provider, String model, String requestId, String policyId) {
        }

        @Override
        public void expired(org.atlas.budget.api.model.Hold hold) {
        }
    }
}
