package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.Repricing;
import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BreakdownQuery;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.RepricingRequest;
import org.atlas.budget.api.model.RepricingResult;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.api.spi.BudgetStore;
import org.atlas.budget.demo.TrafficGenerator;
import org.atlas.budget.demo.TrafficPlan;
import org.atlas.budget.demo.TrafficReport;
import org.atlas.budget.tracking.usage.StreamUsage;
import org.atlas.budget.tracking.usage.UsageFormat;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

/**
 * The recording pipeline on the distribution, with the real store: demo traffic through
 * BudgetGuard becomes durable, priced records; spend and breakdowns answer from them; reports
 * recorded without an admission count against the budgets once; repricing is a dry run, then an
 * audited apply.
 */
public class TrackingIT extends AtlasBudgetTestSupport {

    private BudgetManager manager;
    private UsageTracker tracker;
    private SpendQueries spend;
    private Repricing repricing;
    private BudgetStore store;
    private PricingRegistry pricing;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot",
                "atlas-budget-demo")};
    }

    @Before
    public void awaitServices() {
        Duration storeStart = Duration.ofSeconds(90);
        store = awaitService(BudgetStore.class, null, storeStart);
        manager = awaitService(BudgetManager.class);
        tracker = awaitService(UsageTracker.class, null, storeStart);
        spend = awaitService(SpendQueries.class, null, storeStart);
        repricing = awaitService(Repricing.class, null, storeStart);
        pricing = awaitService(PricingRegistry.class);
        awaitService(TrafficGenerator.class);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private BudgetPolicy projectPolicy(String project) {
        return manager.create(new BudgetPolicy(unique("track"), null, Scope.PROJECT, project,
                Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC")), Money.of("100", "USD"), List.of(80),
                LimitAction.BLOCK, null, null, null, true, 0));
    }

    private static Instant hourBefore(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TrackingIT.class.getResourceAsStream("/usage/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<UsageRecord> recordsOf(String prefix, int calls) {
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            records.add(tracker.find(prefix + "-" + i).orElseThrow(() -> new AssertionError("not recorded")));
        }
        return records;
    }

    @Test
    public void demoTrafficBecomesPricedRecordsThatSpendAndBreakdownsAgreeWith() {
        String project = unique("atlas");
        BudgetPolicy policy = projectPolicy(project);
        String prefix = unique("demo");
        Instant from = hourBefore(Instant.now());
        TrafficReport report = awaitService(TrafficGenerator.class).run(new TrafficPlan(12,
                Map.of("openai", "gpt-4o", "anthropic", "claude-sonnet-4-5"), 3, project, 200, 3, 0, prefix));
        assertEquals(report.toString(), 12, report.completed());

        List<UsageRecord> records = recordsOf(prefix, 12);
        Money total = Money.zero(java.util.Currency.getInstance("USD"));
        Map<String, Money> byModel = new HashMap<>();
        for (UsageRecord record : records) {
            assertEquals(record.toString(), PricingStatus.PRICED, record.charge().status());
            assertEquals(record.toString(), project, record.report().dimensions().projectId());
            // Each settled call names the budget it was charged to, with the amount charged.
            assertEquals(record.toString(), 1, record.ledger().size());
            assertEquals(policy.id(), record.ledger().get(0).bucket().policyId());
            assertEquals(record.charge().cost(), record.ledger().get(0).amount());
            total = total.plus(record.charge().cost());
            byModel.merge(record.report().model(), record.charge().cost(), Money::plus);
        }

        List<BucketStatus> buckets = spend.spend(Scope.PROJECT, project, null);
        assertEquals(1, buckets.size());
        assertEquals(total, buckets.get(0).spent());
        assertEquals(Money.of("0", "USD"), buckets.get(0).held());
        assertEquals(Money.of("100", "USD").minus(total), buckets.get(0).remaining());

        Instant to = hourBefore(Instant.now()).plus(Duration.ofHours(1));
        List<RollupRow> rows = spend.breakdown(new BreakdownQuery(from, to, GroupBy.MODEL, null, null, null, project,
                null));
        Map<String, Money> fromRollups = new HashMap<>();
        long calls = 0;
        for (RollupRow row : rows) {
            fromRollups.put(row.keys().get(0), row.cost());
            calls += row.calls();
        }
        assertEquals(12, calls);
        assertEquals(byModel, fromRollups);

        List<RollupRow> users = spend.breakdown(new BreakdownQuery(from, to, GroupBy.USER, null, null, null, project,
                null));
        assertEquals(Set.of("user-0", "user-1", "user-2"),
                Set.copyOf(users.stream().map(r -> r.keys().get(0)).toList()));

        Page<UsageRecord> history = tracker.history(new UsageQuery(from, to, null, null, null, project, null, null,
                5, null));
        assertEquals(5, history.items().size());
        assertTrue(history.hasMore());
    }

    @Test
    public void aReportWithoutAdmissionIsNormalisedPricedAndChargedOnce() throws IOException {
        String project = unique("direct");
        BudgetPolicy policy = projectPolicy(project);
        String tag = unique("tag");
        // What a host bundle does with a provider response: normalise it, then record it.
        Usage usage = UsageFormat.OPENAI_CHAT.fromResponse(resource("openai-chat.json"));
        UsageReport report = new UsageReport(unique("req"), "openai", "gpt-4o", Operation.CHAT, Instant.now(), true,
                new Dimensions("ada", project, null, null, Set.of(tag)), usage);

        UsageRecord record = tracker.record(report);
        // 86 uncached x $2.50 + 1,920 cached x $1.25 + 300 output x $10 per 1M = $0.005615
        assertEquals(Money.of("0.005615", "USD"), record.charge().cost());
        assertEquals(record, tracker.find(report.requestId()).orElseThrow());
        assertEquals(Money.of("0.005615", "USD"), manager.spend(policy.id()).get(0).spent());

        // A retry, even with other counts, charges nothing.
        UsageReport retry = new UsageReport(report.requestId(), "openai", "gpt-4o", Operation.CHAT,
                report.timestamp(), true, report.dimensions(), Usage.builder().inputTokens(1_000_000).build());
        assertEquals(record, tracker.record(retry));
        assertEquals(Money.of("0.005615", "USD"), manager.spend(policy.id()).get(0).spent());

        Instant from = hourBefore(report.timestamp());
        List<RollupRow> tags = spend.breakdown(new BreakdownQuery(from, from.plus(Duration.ofHours(2)), GroupBy.TAG,
                null, null, null, project, null));
        assertEquals(1, tags.size());
        assertEquals(List.of(tag), tags.get(0).keys());
        assertEquals(Money.of("0.005615", "USD"), tags.get(0).cost());
    }

    @Test
    public void aStreamedAnthropicResponseIsNormalisedInsideKaraf() throws IOException {
        StreamUsage stream = UsageFormat.ANTHROPIC_MESSAGES.newStream();
        for (String line : resource("anthropic-stream.sse").split("\n")) {
            if (line.startsWith("data:")) {
                stream.accept(line);
            }
        }
        UsageRecord record = tracker.record(new UsageReport(unique("stream"), "anthropic", "claude-sonnet-4-5",
                Operation.CHAT, Instant.now(), true, null, stream.usage()));
        // 50 x 3 + 10,000 x 0.30 + 1,024 x 3.75 + 1,024 x 6 + 503 x 15 per 1M = $0.020679
        assertEquals(Money.of("0.020679", "USD"), record.charge().cost());
    }

    @Test
    public void badReportsAreRejectedWithAClearMessageAndStoreNothing() {
        String id = unique("future");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tracker.record(
                new UsageReport(id, "openai", "gpt-4o", Operation.CHAT, Instant.now().plus(Duration.ofHours(1)), true,
                        null, Usage.builder().inputTokens(1).build())));
        assertTrue(e.getMessage(), e.getMessage().contains("lies in the future"));
        assertFalse(tracker.find(id).isPresent());
    }

    @Test
    public void repricingIsADryRunThenAnAuditedApply() {
        String project = unique("reprice");
        projectPolicy(project);
        String prefix = unique("rp");
        Instant from = hourBefore(Instant.now());
        awaitService(TrafficGenerator.class).run(new TrafficPlan(4, Map.of("openai", "gpt-4o"), 1, project, 200, 0, 0,
                prefix));
        List<UsageRecord> before = recordsOf(prefix, 4);
        Instant to = hourBefore(Instant.now()).plus(Duration.ofHours(1));
        Instant pricesAt = Instant.parse("2024-08-01T00:00:00Z");
        RepricingRequest request = new RepricingRequest(from, to, "openai", null, pricesAt);

        List<Long> progress = new ArrayList<>();
        RepricingResult dryRun = repricing.dryRun(request, (examined, changed) -> progress.add(examined));
        assertFalse(dryRun.applied());
        assertTrue(dryRun.toString(), dryRun.changed() >= 4);
        assertFalse(progress.isEmpty());
        // gpt-4o cost twice as much per input token in August 2024: the total goes up.
        assertTrue(dryRun.toString(), dryRun.totals().get(0).difference().amount().signum() > 0);
        assertEquals(before, recordsOf(prefix, 4));

        RepricingResult applied = repricing.apply(dryRun.id(), "karaf", null);
        assertTrue(applied.applied());
        for (UsageRecord record : recordsOf(prefix, 4)) {
            assertEquals("openai/gpt-4o@2024-05-13", record.charge().priceVersion());
            Money expected = pricing.quote("openai", record.report().model(), record.report().usage(), pricesAt)
                    .settledCost();
            assertEquals(expected, record.charge().cost());
        }
        AuditEntry audit = store.auditLog(20).stream().filter(a -> a.details().startsWith(dryRun.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no audit entry for " + dryRun.id()));
        assertEquals("usage.reprice", audit.action());
        assertEquals("karaf", audit.actor());
        assertThrows(java.util.NoSuchElementException.class, () -> repricing.apply(dryRun.id(), "karaf", null));
    }
}
