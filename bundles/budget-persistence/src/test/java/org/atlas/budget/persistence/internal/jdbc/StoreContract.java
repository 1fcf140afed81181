package org.atlas.budget.persistence.internal.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertKind;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertSeverity;
import org.atlas.budget.api.model.AlertState;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.UnpricedAction;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The BudgetStore contract, run against every backend: a subclass only says how to reach an
 * empty database. Nothing here is specific to Derby or PostgreSQL.
 */
public abstract class StoreContract {

    static final Instant T0 = Instant.parse("2026-11-02T10:15:30.123456789Z");
    static final BucketKey MONTH = new BucketKey("monthly", "*", Instant.parse("2026-11-01T00:00:00Z"));

    /** Every step, numbered 1, 2, 3 ... without gaps. */
    static final List<Integer> ALL_VERSIONS = java.util.stream.IntStream.rangeClosed(1, Migrations.ALL.size())
            .boxed().toList();

    protected JdbcBudgetStore store;
    private ConnectionPool database;

    /** A pool on an empty database (or schema) of its own. */
    protected abstract ConnectionPool emptyDatabase() throws Exception;

    protected abstract String backend();

    /** A pool whose database cannot be reached. */
    protected abstract ConnectionPool unreachableDatabase() throws Exception;

    @Before
    public void open() throws Exception {
        database = emptyDatabase();
        store = new JdbcBudgetStore(backend(), database, 500, 0);
    }

    @After
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    static UsageRecord record(String id, Instant at, String cost, String user, Set<String> tags) {
        UsageReport report = new UsageReport(id, "openai", "gpt-4o", Operation.CHAT, at, true,
                new Dimensions(user, "proj", null, "s1", tags),
                Usage.builder().inputTokens(1000).cacheReadTokens(200).outputTokens(300).reasoningTokens(50).build());
        Charge charge = cost == null ? Charge.unpriced()
                : new Charge(PricingStatus.PRICED, Money.of(cost, "USD"), "openai/gpt-4o@2026-01", "builtin");
        List<LedgerEntry> ledger = cost == null ? List.of() : List.of(new LedgerEntry(MONTH, Money.of(cost, "USD")));
        return new UsageRecord(report, charge, at.plusMillis(5), ledger);
    }

    static UsageRecord record(String id, Instant at, String cost) {
        return record(id, at, cost, "alice", Set.of());
    }

    @Test
    public void recordsSurviveExactlyAsWritten() {
        UsageRecord r = new UsageRecord(new UsageReport("r-exact", "anthropic", "claude-sonnet-4", Operation.IMAGE_GENERATION,
                T0, false, new Dimensions("u%1x", "p", "t", "s", Set.of("b", "a%b")),
                new Usage(10, 2, 3, 1, 7, 2, List.of(new org.atlas.budget.api.model.ImageUsage(2, "1024x1024", "hd")),
                        new BigDecimal("1.500000001"), 12, 1)),
                new Charge(PricingStatus.FALLBACK, Money.of("0.000000001", "EUR"), "fallback:p", "policy:p"),
                T0.plusSeconds(1), List.of(new LedgerEntry(new BucketKey("p", "u%1x", T0), Money.of("0.000000001", "EUR"))));
        assertEquals(List.of(r), store.append(List.of(r)));
        assertEquals(r, store.findUsage("r-exact").orElseThrow());
    }

    @Test
    public void appendIsIdempotentOnTheRequestIdAndReturnsOnlyNewRecords() {
        UsageRecord a = record("a", T0, "0.10");
        UsageRecord b = record("b", T0, "0.20");
        assertEquals(List.of(a), store.append(List.of(a)));
        assertEquals(List.of(b), store.append(List.of(a, b, b)));
        assertEquals(List.of(), store.append(List.of(a, b)));
        assertEquals("a record as usually built (no audio) reads back equal", a, store.findUsage("a").orElseThrow());
        assertEquals(new BigDecimal("0.300000000"), total(MONTH));
    }

    @Test
    public void concurrentCallersAreGroupCommittedAndEachSeesOnlyItsOwnNewRecords() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<UsageRecord>>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<UsageRecord> mine = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        // Every id is offered by two threads: exactly one of them gets it back.
                        mine.addAll(store.append(List.of(record("c-" + (thread / 2) + "-" + i, T0, "0.01"))));
                    }
                    return mine;
                }));
            }
            Set<String> acknowledged = new HashSet<>();
            for (Future<List<UsageRecord>> f : results) {
                for (UsageRecord r : f.get()) {
                    assertTrue("acknowledged twice: " + r.requestId(), acknowledged.add(r.requestId()));
                }
            }
            assertEquals(8 * 50, acknowledged.size());
            assertEquals(new BigDecimal("4.000000000"), total(MONTH));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void readersAndPruningRunWhileBatchesAreWritten() throws Exception {
        // Old records for the pruning to take, with tags (it deletes tags, then records).
        List<UsageRecord> old = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            old.add(record("old-" + i, T0.minusSeconds(86_400), "0.01", "alice", Set.of("t")));
        }
        store.append(old);
        Instant day = Instant.parse("2026-11-02T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        List<UsageRecord> batch = new ArrayList<>();
                        for (int j = 0; j < 25; j++) {
                            batch.add(record("w-" + thread + "-" + i + "-" + j, T0, "0.01", "alice", Set.of("t")));
                        }
                        assertEquals(25, store.append(batch).size());
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    store.queryUsage(UsageQuery.between(T0, T0.plusSeconds(1)).withLimit(50));
                    store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.HOUR, null, null, null,
                            null, null, null, List.of(), true));
                    store.ledgerTotals(MONTH.periodStart());
                }
                return null;
            }));
            work.add(pool.submit(() -> store.pruneUsage(T0.minusSeconds(60))));
            for (Future<?> f : work) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, store.pruneUsage(T0.minusSeconds(60)));
        assertTrue(store.findUsage("w-2-39-24").isPresent());
        assertTrue(store.findUsage("old-2999").isEmpty());
        assertEquals(3 * 40 * 25, store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.DAY, null,
                null, null, null, null, null, List.of(), false)).get(0).calls());
        assertEquals(new BigDecimal("60.000000000"), total(MONTH));
    }

    @Test
    public void ledgerTotalsSumTheEntriesFromAPeriodOn() {
        BucketKey october = new BucketKey("monthly", "*", Instant.parse("2026-10-01T00:00:00Z"));
        UsageRecord old = new UsageRecord(record("old", T0.minusSeconds(40 * 86400), "1.00").report(),
                record("old", T0, "1.00").charge(), T0, List.of(new LedgerEntry(october, Money.of("1.00", "USD"))));
        store.append(List.of(old, record("n1", T0, "0.25"), record("n2", T0, "0.50"), record("free", T0, null)));
        List<LedgerEntry> totals = store.ledgerTotals(MONTH.periodStart());
        assertEquals(List.of(new LedgerEntry(MONTH, Money.of("0.75", "USD"))), totals);
        assertEquals(2, store.ledgerTotals(october.periodStart()).size());
    }

    /** A store on the same database whose ledger totals are folded only when read or pruned. */
    private JdbcBudgetStore foldingOnDemand(ConnectionPool pool) throws SQLException {
        return new JdbcBudgetStore(backend(), pool, 500, 0, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    @Test
    public void ledgerTotalsCountBatchesNotFoldedYetExactlyOnce() throws Exception {
        store.close();
        ConnectionPool pool = reopen();
        store = foldingOnDemand(pool);
        for (int i = 0; i < 5; i++) {
            store.append(List.of(record("f" + i, T0, "0.10"), record("g" + i, T0, "0.05", "bob", Set.of())));
        }
        store.append(List.of(record("unpriced", T0, null)));
        assertEquals("one pending row per batch charged to a budget, none for the unpriced one", 5,
                pendingRows(pool));
        assertEquals(new BigDecimal("0.750000000"), total(MONTH));
        assertEquals(0, pendingRows(pool));
        assertEquals("folding again adds nothing", new BigDecimal("0.750000000"), total(MONTH));
        store.append(List.of(record("h", T0, "0.25")));
        assertEquals(1, pendingRows(pool));
        assertEquals(new BigDecimal("1.000000000"), total(MONTH));
    }

    /** As after a kill: the next writer folds what the first left pending, and the first adds it no more. */
    @Test
    public void batchesAWriterLeftPendingAreFoldedByTheNextOneAndCountOnce() throws Exception {
        store.close();
        ConnectionPool first = reopen();
        JdbcBudgetStore dying = foldingOnDemand(first);
        try {
            dying.append(List.of(record("d1", T0, "0.10")));
            dying.append(List.of(record("d2", T0, "0.20", "bob", Set.of())));
            assertEquals(2, pendingRows(first));
            store = new JdbcBudgetStore(backend(), reopen(), 500, 0);
            assertEquals(new BigDecimal("0.300000000"), total(MONTH));
            assertEquals(0, pendingRows(first));
            // The first writer still has both batches in memory: folding them finds them folded.
            assertEquals(List.of(new LedgerEntry(MONTH, Money.of("0.30", "USD"))),
                    dying.ledgerTotals(MONTH.periodStart()));
        } finally {
            dying.close();
        }
        assertEquals(new BigDecimal("0.300000000"), total(MONTH));
    }

    /**
     * Two writers on one database (two nodes on one PostgreSQL), each folding after every batch,
     * so each folds the other's pending batches too: every batch is added once.
     */
    @Test
    public void twoWritersOnOneDatabaseFoldEachBatchOnce() throws Exception {
        store.close();
        store = new JdbcBudgetStore(backend(), reopen(), 50, 0, 1, 0);
        JdbcBudgetStore other = new JdbcBudgetStore(backend(), reopen(), 50, 0, 1, 0);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (JdbcBudgetStore writer : List.of(store, other)) {
                String name = writer == store ? "a" : "b";
                done.add(callers.submit(() -> {
                    for (int call = 0; call < 40; call++) {
                        writer.append(List.of(record(name + call + "-1", T0, "0.01", "u1", Set.of()),
                                record(name + call + "-2", T0, "0.01", "u2", Set.of()),
                                record(name + call + "-3", T0, "0.01", "u3", Set.of())));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertEquals(List.of(new LedgerEntry(MONTH, Money.of("2.40", "USD"))),
                    other.ledgerTotals(MONTH.periodStart()));
        } finally {
            callers.shutdownNow();
            other.close();
        }
        assertEquals(new BigDecimal("2.400000000"), total(MONTH));
    }

    @Test
    public void retentionLeavesABatchPendingForTheLedgerWhole() throws Exception {
        store.close();
        store = foldingOnDemand(reopen());
        store.append(List.of(record("old", T0, "0.10"), record("young", T0.plusSeconds(7200), "0.20")));
        Instant cutoff = T0.plusSeconds(60);
        assertEquals("a pending batch keeps its records until it is folded", 0, store.pruneFolded(cutoff));
        assertTrue(store.findUsage("old").isPresent());
        assertEquals("pruning folds first", 1, store.pruneUsage(cutoff));
        assertTrue(store.findUsage("old").isEmpty());
        assertEquals(new BigDecimal("0.300000000"), total(MONTH));
    }

    /** Folds every 3 batches or 2 ms while 4 callers write and a reader reads: never short, never twice. */
    @Test
    public void totalsStayExactWhileFoldsRunBetweenConcurrentBatches() throws Exception {
        store.close();
        store = new JdbcBudgetStore(backend(), reopen(), 50, 0, 3, 2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int caller = t;
                done.add(callers.submit(() -> {
                    for (int call = 0; call < 30; call++) {
                        List<UsageRecord> records = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            records.add(record("c" + caller + "-" + call + "-" + i, T0, "0.01", "u" + i, Set.of()));
                        }
                        store.append(records);
                    }
                    return null;
                }));
            }
            BigDecimal last = BigDecimal.ZERO;
            while (!done.stream().allMatch(Future::isDone)) {
                BigDecimal now = total(MONTH);
                assertTrue("totals went back from " + last + " to " + now, now.compareTo(last) >= 0);
                assertTrue("more than was written: " + now, now.compareTo(new BigDecimal("6.00")) <= 0);
                last = now;
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(new BigDecimal("6.000000000"), total(MONTH));
    }

    @Test
    public void rollupsSumPerHourAndDayAndNeverCountUnpricedAsFree() {
        store.append(List.of(record("h1", T0, "0.10", "alice", Set.of()), record("h2", T0.plusSeconds(3600), "0.20", "bob", Set.of()),
                record("h3", T0.plusSeconds(3600), null, "bob", Set.of())));
        Instant day = Instant.parse("2026-11-02T00:00:00Z");
        List<RollupRow> byUser = store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.DAY, null, null,
                null, null, null, null, List.of(GroupBy.USER), false));
        assertEquals(3, byUser.size());
        RollupRow alice = byUser.get(0);
        assertEquals(List.of("alice"), alice.keys());
        assertEquals(Money.of("0.10", "USD"), alice.cost());
        assertEquals(1, alice.calls());
        assertEquals(1000, alice.inputTokens());
        RollupRow bobUnpriced = byUser.stream().filter(r -> r.currency().getCurrencyCode().equals("XXX")).findFirst()
                .orElseThrow();
        assertEquals(1, bobUnpriced.unpricedCalls());
        List<RollupRow> hourly = store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.HOUR, "openai",
                null, null, null, null, Operation.CHAT, List.of(), true));
        assertEquals(Instant.parse("2026-11-02T10:00:00Z"), hourly.get(0).bucketStart());
        assertEquals(Money.of("0.10", "USD"), hourly.get(0).cost());
        assertEquals(Instant.parse("2026-11-02T11:00:00Z"), hourly.get(1).bucketStart());
    }

    @Test
    public void repricingMovesRollupsButNotTheLedger() {
        store.append(List.of(record("rp", T0, "0.10")));
        UsageRecord repriced = record("rp", T0, "0.10").withCharge(
                new Charge(PricingStatus.PRICED, Money.of("0.40", "USD"), "v2", "builtin"));
        assertEquals(1, store.replaceCharges(List.of(repriced, record("missing", T0, "1.00"))));
        assertEquals(0, store.replaceCharges(List.of(repriced)));
        Instant day = Instant.parse("2026-11-02T00:00:00Z");
        List<RollupRow> rows = store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.DAY, null, null,
                null, null, null, null, List.of(), false));
        assertEquals(1, rows.size());
        assertEquals(Money.of("0.40", "USD"), rows.get(0).cost());
        assertEquals(1, rows.get(0).calls());
        assertEquals("v2", store.findUsage("rp").orElseThrow().charge().priceVersion());
        assertEquals(new BigDecimal("0.100000000"), total(MONTH));
    }

    @Test
    public void pruningDeletesOldRawRecordsButKeepsRollupsAndTotals() {
        List<UsageRecord> batch = new ArrayList<>();
        for (int i = 0; i < JdbcBudgetStore.PRUNE_CHUNK + 10; i++) {
            batch.add(record("p" + i, T0, "0.01", "alice", i % 2 == 0 ? Set.of("t") : Set.of("t", "second")));
        }
        batch.add(record("young", T0.plusSeconds(7200), "0.01", "alice", Set.of("t")));
        // Imported a day after the call: its age is the call's, so it goes with the other old ones.
        UsageRecord late = record("backfilled", T0, "0.01");
        batch.add(new UsageRecord(late.report(), late.charge(), T0.plusSeconds(86_400), late.ledger()));
        store.append(batch);
        assertEquals(JdbcBudgetStore.PRUNE_CHUNK + 11, store.pruneUsage(T0.plusSeconds(60)));
        assertTrue(store.findUsage("backfilled").isEmpty());
        assertTrue(store.findUsage("p1").isEmpty());
        assertTrue(store.findUsage("young").isPresent());
        assertEquals(List.of("young"), ids(store.queryUsage(UsageQuery.between(null, null).withLimit(1000))));
        assertEquals("the request ids of pruned records go with them", 1, requestRows());
        Instant day = Instant.parse("2026-11-02T00:00:00Z");
        RollupRow row = store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.DAY, null, null, null,
                null, null, null, List.of(), false)).get(0);
        assertEquals(JdbcBudgetStore.PRUNE_CHUNK + 12, row.calls());
        assertEquals(new BigDecimal("20.120000000"), total(MONTH));
        assertEquals(0, store.pruneUsage(T0.plusSeconds(60)));
    }

    @Test
    public void historyPagesAreKeysetPaginatedFilteredAndNeverTruncated() {
        List<UsageRecord> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Several records share an instant: the request id breaks the tie.
            batch.add(record(String.format("q%02d", i), T0.plusSeconds(i / 3), "0.01", i % 2 == 0 ? "alice" : "bob",
                    i % 5 == 0 ? Set.of("batch") : Set.of()));
        }
        store.append(batch);
        List<String> seen = new ArrayList<>();
        UsageQuery query = UsageQuery.between(T0, T0.plusSeconds(3600)).withLimit(4);
        Page<UsageRecord> page;
        int pages = 0;
        do {
            page = store.queryUsage(query);
            assertTrue(page.items().size() <= 4);
            seen.addAll(ids(page));
            query = query.withCursor(page.nextCursor());
            pages++;
        } while (page.hasMore());
        assertEquals(7, pages);
        assertEquals(25, seen.size());
        assertEquals(25, new HashSet<>(seen).size());
        assertEquals("q24", seen.get(0));
        Page<UsageRecord> alice = store.queryUsage(new UsageQuery(null, null, "openai", "gpt-4o", "alice", "proj", null,
                null, 100, null));
        assertEquals(13, alice.items().size());
        assertNull(alice.nextCursor());
        Page<UsageRecord> tagged = store.queryUsage(new UsageQuery(null, null, null, null, null, null, null, "batch",
                100, null));
        assertEquals(List.of("q20", "q15", "q10", "q05", "q00"), ids(tagged));
        Page<UsageRecord> exact = store.queryUsage(UsageQuery.between(T0, T0.plusSeconds(1)).withLimit(3));
        assertEquals(3, exact.items().size());
        assertNull("three records in the range fill the page exactly: no further page", exact.nextCursor());
        UsageQuery bad = UsageQuery.between(T0, T0.plusSeconds(3600)).withCursor("bm90LWEtY3Vyc29y");
        assertThrows(IllegalArgumentException.class, () -> store.queryUsage(bad));
    }

    @Test
    public void policiesRoundTrip() {
        BudgetPolicy monthly = new BudgetPolicy("monthly", "Monthly", Scope.USER, "*",
                Period.of(PeriodKind.MONTHLY, ZoneId.of("Europe/Berlin")), Money.of("100.50", "EUR"), List.of(80, 100),
                LimitAction.BLOCK, new Rollover(true, 25), UnpricedAction.ALLOW_AND_FLAG, null, true, 3);
        BudgetPolicy custom = new BudgetPolicy("custom", null, Scope.GLOBAL, null,
                Period.custom(T0, T0.plusSeconds(86400)), Money.of("1", "USD"), List.of(), LimitAction.WARN, null, null,
                null, false, 0);
        store.savePolicy(monthly);
        store.savePolicy(custom);
        assertEquals(List.of(custom, monthly), store.loadPolicies());
        BudgetPolicy changed = new BudgetPolicy("monthly", "Monthly", Scope.USER, "*", monthly.period(),
                Money.of("200", "EUR"), List.of(90), LimitAction.THROTTLE, null, null, null, true, 0);
        store.savePolicy(changed);
        assertEquals(List.of(custom, changed), store.loadPolicies());
        assertTrue(store.deletePolicy("custom"));
        assertFalse(store.deletePolicy("custom"));
        assertEquals(List.of(changed), store.loadPolicies());
    }

    @Test
    public void holdsAreKeptUntilEndedAndSavingTwiceKeepsOne() {
        Hold hold = new Hold("adm-1", "req-1", Map.of(MONTH, Money.of("0.5", "USD"),
                new BucketKey("user", "alice", MONTH.periodStart()), Money.of("0.5", "USD")), T0, T0.plusSeconds(600));
        Hold other = new Hold("adm-2", "req-2", Map.of(MONTH, Money.of("0.25", "USD")), T0.plusSeconds(1),
                T0.plusSeconds(601));
        store.saveHolds(List.of(hold, other));
        store.saveHolds(List.of(hold));
        assertEquals(List.of(hold, other), store.openHolds());
        store.endHolds(List.of("adm-1", "unknown"));
        assertEquals(List.of(other), store.openHolds());
    }

    @Test
    public void alertsRulesAndAuditAreKept() {
        Alert alert = new Alert("a1", AlertKind.THRESHOLD, AlertSeverity.WARNING, AlertState.ACTIVE, "monthly", null,
                "80% of monthly", T0, null, null, Map.of("percent", "80"));
        store.saveAlert(alert);
        store.saveAlert(alert.withState(AlertState.ACKNOWLEDGED, T0.plusSeconds(5), "ops"));
        assertEquals(List.of(), store.loadAlerts(AlertState.ACTIVE));
        assertEquals("ops", store.loadAlerts(AlertState.ACKNOWLEDGED).get(0).updatedBy());
        AlertRule rule = new AlertRule("r1", null, AlertKind.THRESHOLD, "monthly", 80, AlertSeverity.WARNING,
                Set.of("log"), true);
        store.saveAlertRule(rule);
        store.saveAlertRule(rule);
        assertEquals(List.of(rule), store.loadAlertRules());
        assertTrue(store.deleteAlertRule("r1"));
        assertEquals(List.of(), store.loadAlertRules());
        store.audit(new AuditEntry(T0, "admin", "policy.update", "monthly", "limit 100 -> 200"));
        store.audit(new AuditEntry(T0.plusSeconds(1), "admin", "policy.delete", "custom", ""));
        List<AuditEntry> log = store.auditLog(10);
        assertEquals("policy.delete", log.get(0).action());
        assertEquals(2, log.size());
        assertEquals(1, store.auditLog(1).size());
    }

    @Test
    public void badInputIsRejectedBeforeItReachesABatch() {
        UsageRecord tooFar = record("far", Instant.parse("2300-01-01T00:00:00Z"), "0.01");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.append(List.of(record("fine", T0, "0.01"), tooFar)));
        assertTrue(e.getMessage(), e.getMessage().contains("outside the range"));
        assertTrue("nothing of the rejected call is written", store.findUsage("fine").isEmpty());
    }

    @Test
    public void migrationsAreRecordedAndIdempotent() throws Exception {
        assertEquals(ALL_VERSIONS, store.schemaVersions());
        store.append(List.of(record("kept", T0, "0.01")));
        store.close();
        store = new JdbcBudgetStore(backend(), reopen(), 500, 0);
        assertEquals(ALL_VERSIONS, store.schemaVersions());
        assertTrue(store.findUsage("kept").isPresent());
    }

    @Test
    public void migratesFromEveryEarlierVersion() throws Exception {
        for (int version = 0; version < Migrations.ALL.size(); version++) {
            store.close();
            ConnectionPool pool = emptyDatabase();
            try (Connection c = pool.open()) {
                Migrations.apply(c, Migrations.ALL.subList(0, version));
                assertEquals(version, Migrations.versions(c).size());
            }
            store = new JdbcBudgetStore(backend(), pool, 500, 0);
            assertEquals(ALL_VERSIONS, store.schemaVersions());
            store.append(List.of(record("m" + version, T0, "0.01")));
            store.audit(new AuditEntry(T0, "admin", "test", null, ""));
            assertEquals(1, store.auditLog(5).size());
        }
    }

    @Test
    public void stepsAreNumberedWithoutGaps() {
        assertEquals(ALL_VERSIONS, Migrations.ALL.stream().map(Migration::version).toList());
    }

    /** Version 3 moves the rollups of version 1's single table into one table per grain, exactly. */
    @Test
    public void rollupsWrittenBeforeVersion3AreKeptByIt() throws Exception {
        store.close();
        ConnectionPool pool = emptyDatabase();
        try (Connection c = pool.open()) {
            Migrations.apply(c, Migrations.ALL.subList(0, 2));
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("INSERT INTO usage_rollup (grain, bucket_start, group_key, provider,"
                    + " model, user_id, project_id, team_id, operation, currency, cost, calls, unpriced_calls,"
                    + " input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens)"
                    + " VALUES (?, ?, ?, 'openai', 'gpt-4o', ?, 'proj', '', 'CHAT', 'USD', ?, ?, 0, ?, 0, 0, ?, 0)")) {
                String aliceKey = groupKey("alice");
                String bobKey = groupKey("bob");
                Object[][] rows = {
                    {"H", 1_793_613_600L, aliceKey, "alice", "0.100000000", 1L, 1000L, 300L},
                    {"H", 1_793_617_200L, bobKey, "bob", "0.200000000", 2L, 2000L, 600L},
                    {"D", 1_793_577_600L, aliceKey, "alice", "0.100000000", 1L, 1000L, 300L},
                    {"D", 1_793_577_600L, bobKey, "bob", "0.200000000", 2L, 2000L, 600L}};
                for (Object[] row : rows) {
                    insert.setString(1, (String) row[0]);
                    insert.setLong(2, (Long) row[1]);
                    insert.setString(3, (String) row[2]);
                    insert.setString(4, (String) row[3]);
                    insert.setBigDecimal(5, new BigDecimal((String) row[4]));
                    insert.setLong(6, (Long) row[5]);
                    insert.setLong(7, (Long) row[6]);
                    insert.setLong(8, (Long) row[7]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        store = new JdbcBudgetStore(backend(), pool, 500, 0);
        assertEquals(ALL_VERSIONS, store.schemaVersions());
        Instant day = Instant.ofEpochSecond(1_793_577_600L); // 2026-11-02T00:00Z
        List<RollupRow> days = store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.DAY, null, null,
                null, null, null, null, List.of(GroupBy.USER), false));
        assertEquals(List.of("alice=0.100000000/1/1000/300", "bob=0.200000000/2/2000/600"), summary(days));
        List<RollupRow> hours = store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.HOUR, null,
                null, null, null, null, null, List.of(GroupBy.USER), true));
        assertEquals(List.of(Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-02T11:00:00Z")),
                hours.stream().map(RollupRow::bucketStart).toList());
        assertEquals(List.of("alice=0.100000000/1/1000/300", "bob=0.200000000/2/2000/600"), summary(hours));
        // New usage of the same hour and group adds to the moved row instead of starting another.
        store.append(List.of(record("after-v3", Instant.parse("2026-11-02T10:20:00Z"), "0.05")));
        List<RollupRow> alice = store.rollups(new RollupQuery(day, day.plusSeconds(86400), Granularity.DAY, null, null,
                "alice", null, null, null, List.of(GroupBy.USER), false));
        assertEquals(Money.of("0.15", "USD"), alice.get(0).cost());
        assertEquals(2, alice.get(0).calls());
        try (Connection c = pool.open(); var count = c.prepareStatement("SELECT (SELECT COUNT(*) FROM usage_rollup_hour),"
                + " (SELECT COUNT(*) FROM usage_rollup_day) FROM atlas_schema_version WHERE version = 3");
                var rows = count.executeQuery()) {
            assertTrue(rows.next());
            assertEquals("hour rows: alice's 10:00 took the new call", 2, rows.getLong(1));
            assertEquals("day rows: one per user", 2, rows.getLong(2));
        }
    }

    /**
     * Version 5 moves every record of version 4's row-per-record table into batches, exactly, and
     * its request ids stay unique: a retry of a moved record is not new.
     */
    @Test
    public void recordsWrittenBeforeVersion5AreMovedIntoBatchesExactly() throws Exception {
        store.close();
        ConnectionPool pool = emptyDatabase();
        List<UsageRecord> written = new ArrayList<>();
        try (Connection c = pool.open()) {
            Migrations.apply(c, Migrations.ALL.subList(0, 4));
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("INSERT INTO usage_record (request_id, provider, model, operation,"
                    + " ts, success, user_id, project_id, team_id, session_id, tags, input_tokens, cache_read_tokens,"
                    + " cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, images,"
                    + " audio_seconds, characters, requests, charge_status, cost, currency, price_version, catalogue,"
                    + " ledger, recorded_at) VALUES ('v4-' || CAST(? AS VARCHAR(20)), 'openai', 'gpt-4o', 'CHAT', ?,"
                    + " 1, ?, 'proj', NULL, 's1', ?, 1000, 200, 0, 0, 300, 50, '', 0, 0, 1, ?, ?, ?, ?, ?, ?, ?)");
                    var tag = c.prepareStatement("INSERT INTO usage_tag (tag, request_id, ts) VALUES (?, ?, ?)")) {
                // More than one batch of the move, one of them unpriced, some tagged.
                for (int i = 0; i < RecordsOfVersion4.BATCH + 5; i++) {
                    Instant at = T0.plusMillis(i);
                    boolean unpriced = i == 7;
                    Set<String> tags = i % 3 == 0 ? Set.of("old") : Set.of();
                    UsageRecord r = record("v4-" + i, at, unpriced ? null : "0.01", i % 2 == 0 ? "alice" : "bob", tags);
                    written.add(r);
                    insert.setInt(1, i);
                    insert.setLong(2, Codec.nanos(at));
                    insert.setString(3, r.report().dimensions().userId());
                    insert.setString(4, Codec.tags(r.report().dimensions().tags()));
                    insert.setString(5, r.charge().status().name());
                    if (unpriced) {
                        insert.setNull(6, java.sql.Types.DECIMAL);
                        insert.setNull(7, java.sql.Types.CHAR);
                        insert.setNull(8, java.sql.Types.VARCHAR);
                        insert.setNull(9, java.sql.Types.VARCHAR);
                    } else {
                        insert.setBigDecimal(6, new BigDecimal("0.010000000"));
                        insert.setString(7, "USD");
                        insert.setString(8, "openai/gpt-4o@2026-01");
                        insert.setString(9, "builtin");
                    }
                    insert.setString(10, Codec.ledger(r.ledger()));
                    insert.setLong(11, Codec.nanos(r.recordedAt()));
                    insert.executeUpdate();
                    for (String t : tags) {
                        tag.setString(1, t);
                        tag.setString(2, r.requestId());
                        tag.setLong(3, Codec.nanos(at));
                        tag.executeUpdate();
                    }
                }
            }
            c.commit();
        }
        store = new JdbcBudgetStore(backend(), pool, 500, 0);
        assertEquals(ALL_VERSIONS, store.schemaVersions());
        for (UsageRecord r : List.of(written.get(0), written.get(7), written.get(RecordsOfVersion4.BATCH + 4))) {
            assertEquals(r, store.findUsage(r.requestId()).orElseThrow());
        }
        List<String> all = new ArrayList<>();
        UsageQuery query = UsageQuery.between(null, null).withLimit(UsageQuery.MAX_LIMIT);
        Page<UsageRecord> page;
        do {
            page = store.queryUsage(query);
            all.addAll(ids(page));
            query = query.withCursor(page.nextCursor());
        } while (page.hasMore());
        List<String> expected = new ArrayList<>(written.stream().map(UsageRecord::requestId).toList());
        java.util.Collections.reverse(expected);
        assertEquals("every record, newest first", expected, all);
        Page<UsageRecord> tagged = store.queryUsage(new UsageQuery(null, null, null, null, "alice", null, null, "old",
                UsageQuery.MAX_LIMIT, null));
        assertEquals("tagged every third, alice every second", (RecordsOfVersion4.BATCH + 5 + 5) / 6,
                tagged.items().size());
        assertEquals("a retry of a moved record is not new", List.of(),
                store.append(List.of(written.get(3))));
        try (Connection c = pool.open()) {
            assertFalse(Migrations.tableExists(c, "usage_record"));
            assertFalse(Migrations.tableExists(c, "usage_tag"));
        }
    }

    /** A late report puts an old call into a young batch: retention takes the call, not the batch. */
    @Test
    public void pruningTakesOldRecordsOutOfABatchThatAlsoHoldsYoungOnes() {
        store.append(List.of(record("mix-young", T0.plusSeconds(7200), "0.01"), record("mix-old", T0, "0.01"),
                record("mix-young-2", T0.plusSeconds(7300), "0.01")));
        assertEquals(1, store.pruneUsage(T0.plusSeconds(60)));
        assertTrue(store.findUsage("mix-old").isEmpty());
        assertTrue(store.findUsage("mix-young").isPresent());
        assertEquals(List.of("mix-young-2", "mix-young"),
                ids(store.queryUsage(UsageQuery.between(null, null).withLimit(10))));
        assertEquals(2, requestRows());
        assertEquals(0, store.pruneUsage(T0.plusSeconds(60)));
        assertEquals("a pruned id may be recorded again", 1,
                store.append(List.of(record("mix-old", T0, "0.01"))).size());
    }

    /**
     * Batches whose time spans overlap (late reports, hosts with skewed clocks) still page in exact
     * history order, across batches, and a page never ends early because a later batch was skipped.
     */
    @Test
    public void historyIsInExactOrderAcrossBatchesWhoseTimesOverlap() {
        List<String> expected = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        List<UsageRecord> all = new ArrayList<>();
        for (int b = 0; b < 30; b++) {
            List<UsageRecord> batch = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(9); i++) {
                // Call times up to an hour apart within a batch, shared by several records.
                batch.add(record("o" + b + "-" + i, T0.plusSeconds(60L * random.nextInt(60)), "0.01",
                        random.nextBoolean() ? "alice" : "bob", Set.of()));
            }
            store.append(batch);
            all.addAll(batch);
        }
        // More batches than one read asks for, all with the same latest call time.
        for (int b = 0; b < 2 * JdbcBudgetStore.BATCHES_PER_READ + 3; b++) {
            UsageRecord same = record("same-" + b, T0.plusSeconds(1800), "0.01", "bob", Set.of());
            store.append(List.of(same));
            all.add(same);
        }
        all.sort(java.util.Comparator.comparing((UsageRecord r) -> r.report().timestamp()).reversed()
                .thenComparing(UsageRecord::requestId, java.util.Comparator.reverseOrder()));
        for (UsageRecord r : all) {
            if ("bob".equals(r.report().dimensions().userId())) {
                expected.add(r.requestId());
            }
        }
        for (int size : new int[] {1, 3, 7, 50}) {
            List<String> seen = new ArrayList<>();
            UsageQuery query = new UsageQuery(T0, T0.plusSeconds(3600), null, null, "bob", null, null, null, size,
                    null);
            Page<UsageRecord> page;
            do {
                page = store.queryUsage(query);
                seen.addAll(ids(page));
                query = query.withCursor(page.nextCursor());
            } while (page.hasMore());
            assertEquals("pages of " + size, expected, seen);
        }
    }

    /** The key the store gives the rows of {@link #record} for a user. */
    private static String groupKey(String user) {
        return new Aggregates.RollupKey('H', 0, "openai", "gpt-4o", user, "proj", "", "CHAT", "USD").hash();
    }

    @Test
    public void severalRangesAreReadAtOnceInTimeOrder() {
        Instant day = Instant.parse("2026-11-02T00:00:00Z");
        List<UsageRecord> batch = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            batch.add(record("r" + hour, day.plusSeconds(hour * 3600L + 60), "0.01", hour % 2 == 0 ? "alice" : "bob",
                    Set.of()));
        }
        store.append(batch);
        List<RollupQuery> ranges = new ArrayList<>();
        // Out of order on purpose, and one range longer than a statement lists.
        for (int[] r : new int[][] {{20, 24}, {0, 2}, {5, 6}}) {
            ranges.add(new RollupQuery(day.plusSeconds(r[0] * 3600L), day.plusSeconds(r[1] * 3600L), Granularity.HOUR,
                    null, null, null, null, null, null, List.of(GroupBy.USER), true));
        }
        ranges.add(new RollupQuery(day.minusSeconds(RollupTables.MAX_PROBES * 3600L), day, Granularity.HOUR, null,
                null, null, null, null, null, List.of(GroupBy.USER), true));
        List<RollupRow> rows = store.rollups(ranges);
        List<String> seen = new ArrayList<>();
        for (RollupRow row : rows) {
            seen.add(row.bucketStart().atZone(java.time.ZoneOffset.UTC).getHour() + ":" + row.keys().get(0));
        }
        assertEquals(List.of("0:alice", "1:bob", "5:bob", "20:alice", "21:bob", "22:alice", "23:bob"), seen);
        assertEquals("the same rows one range at a time", rows, oneByOne(ranges));

        List<RollupQuery> overlapping = List.of(ranges.get(0), new RollupQuery(day.plusSeconds(21 * 3600L),
                day.plusSeconds(22 * 3600L), Granularity.HOUR, null, null, null, null, null, null,
                List.of(GroupBy.USER), true));
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> store.rollups(overlapping));
        assertTrue(overlap.getMessage(), overlap.getMessage().contains("overlap"));
        List<RollupQuery> unlike = List.of(ranges.get(0), new RollupQuery(day, day.plusSeconds(3600),
                Granularity.HOUR, "openai", null, null, null, null, null, List.of(GroupBy.USER), true));
        IllegalArgumentException differ = assertThrows(IllegalArgumentException.class, () -> store.rollups(unlike));
        assertTrue(differ.getMessage(), differ.getMessage().contains("differ only in from and to"));
    }

    private List<RollupRow> oneByOne(List<RollupQuery> ranges) {
        List<RollupRow> rows = new ArrayList<>();
        for (RollupQuery q : ranges) {
            rows.addAll(store.rollups(q));
        }
        rows.sort(java.util.Comparator.comparing(RollupRow::bucketStart));
        return rows;
    }

    private static List<String> summary(List<RollupRow> rows) {
        Map<String, long[]> byUser = new java.util.TreeMap<>();
        Map<String, BigDecimal> cost = new java.util.TreeMap<>();
        for (RollupRow r : rows) {
            long[] sums = byUser.computeIfAbsent(r.keys().get(0), k -> new long[3]);
            sums[0] += r.calls();
            sums[1] += r.inputTokens();
            sums[2] += r.outputTokens();
            cost.merge(r.keys().get(0), r.cost().amount(), BigDecimal::add);
        }
        List<String> lines = new ArrayList<>();
        byUser.forEach((user, s) -> lines.add(user + "=" + cost.get(user).setScale(9) + "/" + s[0] + "/" + s[1] + "/"
                + s[2]));
        return lines;
    }

    @Test
    public void anUnreachableDatabaseIsAClearErrorNotAFallback() throws Exception {
        SQLException cause = assertThrows(SQLException.class,
                () -> new JdbcBudgetStore(backend(), unreachableDatabase(), 10, 0));
        assertTrue(cause.getMessage(), cause.getMessage() != null);
    }

    @Test
    public void aStoreThatLostItsDatabaseAnswersBudgetUnavailable() throws Exception {
        store.close();
        BudgetUnavailableException e = assertThrows(BudgetUnavailableException.class,
                () -> store.append(List.of(record("late", T0, "0.01"))));
        assertTrue(e.getMessage(), e.getMessage().contains(backend()));
        assertThrows(BudgetUnavailableException.class, () -> store.loadPolicies());
        store = null;
    }

    /** The same database as the last {@link #emptyDatabase()}, opened again. */
    protected abstract ConnectionPool reopen() throws Exception;

    private long requestRows() {
        try (Connection c = database.open(); var count = c.prepareStatement("SELECT COUNT(*) FROM usage_request");
                var rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError("cannot count usage_request rows", e);
        }
    }

    private static long pendingRows(ConnectionPool pool) {
        try (Connection c = pool.open(); var count = c.prepareStatement("SELECT COUNT(*) FROM ledger_pending");
                var rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError("cannot count ledger_pending rows", e);
        }
    }

    private BigDecimal total(BucketKey key) {
        return store.ledgerTotals(key.periodStart()).stream().filter(e -> e.bucket().equals(key))
                .map(e -> e.amount().amount()).findFirst().orElse(BigDecimal.ZERO.setScale(9));
    }

    private static List<String> ids(Page<UsageRecord> page) {
        List<String> ids = new ArrayList<>();
        for (UsageRecord r : page.items()) {
            ids.add(r.requestId());
        }
        return ids;
    }
}
