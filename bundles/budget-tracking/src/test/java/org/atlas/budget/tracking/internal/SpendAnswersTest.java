package org.atlas.budget.tracking.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BreakdownQuery;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.PeriodSpend;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.tracking.testing.InMemoryStore;
import org.junit.Test;

public class SpendAnswersTest {

    static final Currency USD = Currency.getInstance("USD");
    static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");

    final InMemoryStore store = new InMemoryStore();

    static BudgetPolicy policy(String id, Scope scope, String value) {
        return new BudgetPolicy(id, null, scope, value, Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC")),
                Money.of("1", "USD"), List.of(), LimitAction.BLOCK, null, null, null, true, 0);
    }

    static BucketStatus bucket(String policyId, String value, String spent, String held, String effective) {
        return new BucketStatus(policyId, value, NOVEMBER, DECEMBER, Money.of(spent, "USD"), Money.of(held, "USD"),
                Money.of("1", "USD"), Money.of(effective, "USD"));
    }

    /** The manager's answers, as given: this test is about selecting and combining them. */
    static final class Budgets implements BudgetManager {
        final List<BudgetPolicy> policies = List.of(SpendAnswersTest.policy("per-user", Scope.USER, "*"),
                SpendAnswersTest.policy("global", Scope.GLOBAL, null),
                SpendAnswersTest.policy("openai", Scope.PROVIDER, "openai"));
        final Map<String, List<BucketStatus>> buckets = Map.of(
                "global", List.of(bucket("global", "*", "0.25", "0.05", "1.5")),
                "per-user", List.of(bucket("per-user", "bob", "0.1", "0", "1"), bucket("per-user", "ada", "0.2", "0", "1")),
                "openai", List.of(bucket("openai", "openai", "0.3", "0", "1")));

        @Override
        public List<BudgetPolicy> policies() {
            return policies;
        }

        @Override
        public Optional<BudgetPolicy> policy(String id) {
            return policies.stream().filter(p -> p.id().equals(id)).findFirst();
        }

        @Override
        public List<BucketStatus> spend(String policyId) {
            return buckets.get(policyId);
        }

        @Override
        public BudgetPolicy create(BudgetPolicy policy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BudgetPolicy update(BudgetPolicy policy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Decision check(AdmissionRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    final SpendAnswers answers = new SpendAnswers(store, Budgets::new, () -> USD);

    static List<String> ids(List<BucketStatus> buckets) {
        return buckets.stream().map(b -> b.policyId() + "/" + b.scopeValue()).toList();
    }

    @Test
    public void everyBucketSortedByPolicyThenValue() {
        assertEquals(List.of("global/*", "openai/openai", "per-user/ada", "per-user/bob"),
                ids(answers.spend(null, null, null)));
    }

    @Test
    public void filtersByScopeValueAndPolicy() {
        assertEquals(List.of("per-user/ada", "per-user/bob"), ids(answers.spend(Scope.USER, null, null)));
        assertEquals(List.of("per-user/ada"), ids(answers.spend(null, " ada ", null)));
        assertEquals(List.of("openai/openai"), ids(answers.spend(Scope.PROVIDER, "OpenAI", null)));
        assertEquals(List.of("global/*"), ids(answers.spend(null, null, "global")));
        assertEquals("no policy has the id 'nope'",
                assertThrows(NoSuchElementException.class, () -> answers.spend(null, null, "nope")).getMessage());
    }

    @Test
    public void remainingAndPercentCountHeldAgainstTheEffectiveLimitWithRollover() {
        BucketStatus global = answers.spend(null, null, "global").get(0);
        // 1.50 effective (1.00 + 0.50 rolled over) - 0.25 spent - 0.05 held
        assertEquals(Money.of("1.2", "USD"), global.remaining());
        assertEquals(new BigDecimal("20.00"), global.percent());
        assertEquals(DECEMBER, global.resetsAt());
    }

    @Test
    public void withoutTheManagerSpendIsUnavailable() {
        SpendAnswers alone = new SpendAnswers(store, () -> null, () -> USD);
        assertThrows(BudgetUnavailableException.class, () -> alone.spend(null, null, null));
    }

    static UsageRecord record(String id, Instant at, String cost, Set<String> tags, List<LedgerEntry> ledger) {
        UsageReport report = new UsageReport(id, "openai", "gpt-4o", Operation.CHAT, at, true,
                Dimensions.NONE.withTags(tags), Usage.builder().inputTokens(100).cacheReadTokens(10).outputTokens(20)
                        .reasoningTokens(5).build());
        Charge charge = cost == null ? Charge.unpriced()
                : new Charge(PricingStatus.PRICED, Money.of(cost, "USD"), "v", "c");
        return new UsageRecord(report, charge, at, ledger);
    }

    @Test
    public void spendPerPeriodSumsTheLedgerEntriesOfThePolicy() {
        BucketKey october = new BucketKey("global", "*", Instant.parse("2026-10-01T00:00:00Z"));
        BucketKey november = new BucketKey("global", "*", NOVEMBER);
        BucketKey other = new BucketKey("openai", "openai", NOVEMBER);
        store.append(List.of(
                record("a", Instant.parse("2026-10-05T00:00:00Z"), "0.1", Set.of(),
                        List.of(new LedgerEntry(october, Money.of("0.1", "USD")))),
                record("b", Instant.parse("2026-11-05T00:00:00Z"), "0.2", Set.of(),
                        List.of(new LedgerEntry(november, Money.of("0.2", "USD")),
                                new LedgerEntry(other, Money.of("0.2", "USD")))),
                record("c", Instant.parse("2026-11-06T00:00:00Z"), "0.000000003", Set.of(),
                        List.of(new LedgerEntry(november, Money.of("0.000000003", "USD"))))));
        assertEquals(List.of(new PeriodSpend(october, Money.of("0.1", "USD")),
                new PeriodSpend(november, Money.of("0.200000003", "USD"))),
                answers.spendByPeriod("global", Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals(List.of(new PeriodSpend(november, Money.of("0.200000003", "USD"))),
                answers.spendByPeriod("global", NOVEMBER));
        assertThrows(NoSuchElementException.class, () -> answers.spendByPeriod("nope", NOVEMBER));
    }

    @Test
    public void aBreakdownReadsHourlyRollupsAndSortsLargestCostFirst() {
        RollupRow mini = new RollupRow(null, List.of("gpt-4o-mini"), USD, Money.of("0.5", "USD"), 10, 0, 1, 0, 0, 1, 0);
        RollupRow big = new RollupRow(null, List.of("gpt-4o"), USD, Money.of("2", "USD"), 3, 1, 1, 0, 0, 1, 0);
        store.rollupRows = List.of(mini, big);
        BreakdownQuery query = new BreakdownQuery(NOVEMBER, DECEMBER, GroupBy.MODEL, "OpenAI", null, "ada", null, null);
        assertEquals(List.of(big, mini), answers.breakdown(query));
        assertEquals(Granularity.HOUR, store.lastRollupQuery.granularity());
        assertEquals(List.of(GroupBy.MODEL), store.lastRollupQuery.groupBy());
        assertEquals("openai", store.lastRollupQuery.provider());
        assertEquals("ada", store.lastRollupQuery.userId());
        assertEquals(false, store.lastRollupQuery.byTime());
    }

    @Test
    public void aBreakdownOffWholeHoursIsRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BreakdownQuery.of(NOVEMBER.plusSeconds(90), DECEMBER, GroupBy.USER));
        assertEquals("a breakdown by USER is read from hourly rollups: from and to must lie on whole UTC hours, were"
                + " 2026-11-01T00:01:30Z and 2026-12-01T00:00:00Z", e.getMessage());
    }

    @Test
    public void aTagBreakdownReadsEveryPageOfRecordsAndCountsEachTag() {
        store.pageCap = 2;
        store.append(List.of(
                record("t1", NOVEMBER.plusSeconds(1), "0.1", Set.of("chat", "eu"), List.of()),
                record("t2", NOVEMBER.plusSeconds(2), "0.02", Set.of("chat"), List.of()),
                record("t3", NOVEMBER.plusSeconds(3), "0.003", Set.of(), List.of()),
                record("t4", NOVEMBER.plusSeconds(4), null, Set.of("eu"), List.of()),
                record("t5", DECEMBER, "9", Set.of("chat"), List.of())));
        List<RollupRow> rows = answers.breakdown(BreakdownQuery.of(NOVEMBER, DECEMBER, GroupBy.TAG));
        assertEquals(List.of(
                new RollupRow(null, List.of("chat"), USD, Money.of("0.12", "USD"), 2, 0, 200, 20, 0, 40, 10),
                new RollupRow(null, List.of("eu"), USD, Money.of("0.1", "USD"), 2, 1, 200, 20, 0, 40, 10),
                new RollupRow(null, List.of(""), USD, Money.of("0.003", "USD"), 1, 0, 100, 10, 0, 20, 5)), rows);
    }
}
