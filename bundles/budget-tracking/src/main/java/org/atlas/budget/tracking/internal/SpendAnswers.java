package org.atlas.budget.tracking.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.model.BreakdownQuery;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.PeriodSpend;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * Spend per budget (from the manager's ledger), per period (from the store's ledger totals) and
 * broken down by a dimension (from the store's hourly rollups; by tag from the records, which are
 * not rolled up per tag).
 */
public final class SpendAnswers implements SpendQueries {

    private final BudgetStore store;
    private final Supplier<BudgetManager> manager;
    private final Supplier<Currency> unpricedCurrency;

    /**
     * @param unpricedCurrency the currency under which a tag breakdown counts calls recorded
     *                         UNPRICED (they have no cost, hence no currency of their own)
     */
    public SpendAnswers(BudgetStore store, Supplier<BudgetManager> manager, Supplier<Currency> unpricedCurrency) {
        this.store = store;
        this.manager = manager;
        this.unpricedCurrency = unpricedCurrency;
    }

    @Override
    public List<BucketStatus> spend(Scope scope, String scopeValue, String policyId) {
        BudgetManager budgets = requireManager();
        List<BudgetPolicy> policies;
        if (policyId != null) {
            policies = List.of(budgets.policy(policyId.strip())
                    .orElseThrow(() -> new NoSuchElementException("no policy has the id '" + policyId + "'")));
        } else {
            policies = budgets.policies();
        }
        String value = scopeValue == null ? null : scopeValue.strip();
        List<BucketStatus> result = new ArrayList<>();
        for (BudgetPolicy policy : policies) {
            if (scope != null && policy.scope() != scope) {
                continue;
            }
            for (BucketStatus bucket : budgets.spend(policy.id())) {
                if (value == null || matches(policy, bucket.scopeValue(), value)) {
                    result.add(bucket);
                }
            }
        }
        result.sort(Comparator.comparing(BucketStatus::policyId).thenComparing(BucketStatus::scopeValue));
        return result;
    }

    /** Provider ids are case-insensitive; every other scope value is compared exactly. */
    private static boolean matches(BudgetPolicy policy, String bucketValue, String wanted) {
        return policy.scope() == Scope.PROVIDER ? bucketValue.equalsIgnoreCase(wanted) : bucketValue.equals(wanted);
    }

    @Override
    public List<PeriodSpend> spendByPeriod(String policyId, Instant from) {
        if (policyId == null || policyId.isBlank()) {
            throw new IllegalArgumentException("policyId is required");
        }
        if (from == null) {
            throw new IllegalArgumentException("from is required");
        }
        String id = policyId.strip();
        BudgetManager budgets = manager.get();
        if (budgets != null && budgets.policy(id).isEmpty()) {
            throw new NoSuchElementException("no policy has the id '" + id + "'");
        }
        List<PeriodSpend> result = new ArrayList<>();
        for (LedgerEntry entry : store.ledgerTotals(from)) {
            if (entry.bucket().policyId().equals(id)) {
                result.add(new PeriodSpend(entry.bucket(), entry.amount()));
            }
        }
        result.sort(Comparator.comparing((PeriodSpend p) -> p.bucket().periodStart())
                .thenComparing(p -> p.bucket().scopeValue()));
        return result;
    }

    @Override
    public List<RollupRow> breakdown(BreakdownQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query is required");
        }
        List<RollupRow> rows = query.dimension() == GroupBy.TAG ? byTag(query)
                : store.rollups(new RollupQuery(query.from(), query.to(), Granularity.HOUR, query.provider(),
                        query.model(), query.userId(), query.projectId(), query.teamId(), null,
                        List.of(query.dimension()), false));
        List<RollupRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((RollupRow r) -> r.currency().getCurrencyCode())
                .thenComparing(RollupRow::cost, Comparator.reverseOrder())
                .thenComparing(r -> String.join("\u0000", r.keys())));
        return sorted;
    }

    /** Reads every record of the range, page by page until the store says there is no more. */
    private List<RollupRow> byTag(BreakdownQuery query) {
        UsageQuery page = new UsageQuery(query.from(), query.to(), query.provider(), query.model(), query.userId(),
                query.projectId(), query.teamId(), null, UsageQuery.MAX_LIMIT, null);
        Map<List<Object>, TagSums> sums = new LinkedHashMap<>();
        while (true) {
            Page<UsageRecord> records = store.queryUsage(page);
            for (UsageRecord record : records.items()) {
                Currency currency = record.charge().cost() != null ? record.charge().cost().currency()
                        : unpricedCurrency.get();
                List<String> tags = record.report().dimensions().tags().isEmpty() ? List.of("")
                        : List.copyOf(record.report().dimensions().tags());
                for (String tag : tags) {
                    sums.computeIfAbsent(List.of(tag, currency), k -> new TagSums(tag, currency)).add(record);
                }
            }
            if (!records.hasMore()) {
                break;
            }
            page = page.withCursor(records.nextCursor());
        }
        List<RollupRow> rows = new ArrayList<>(sums.size());
        for (TagSums tag : sums.values()) {
            rows.add(tag.toRow());
        }
        return rows;
    }

    private static final class TagSums {
        final String tag;
        final Currency currency;
        Money cost;
        long calls;
        long unpriced;
        long input;
        long cacheRead;
        long cacheWrite;
        long output;
        long reasoning;

        TagSums(String tag, Currency currency) {
            this.tag = tag;
            this.currency = currency;
            this.cost = Money.zero(currency);
        }

        void add(UsageRecord record) {
            calls++;
            if (record.charge().status() == PricingStatus.UNPRICED) {
                unpriced++;
            } else {
                cost = cost.plus(record.charge().cost());
            }
            Usage usage = record.report().usage();
            input = Math.addExact(input, usage.inputTokens());
            cacheRead = Math.addExact(cacheRead, usage.cacheReadTokens());
            cacheWrite = Math.addExact(cacheWrite, usage.cacheWriteTokens());
            output = Math.addExact(output, usage.outputTokens());
            reasoning = Math.addExact(reasoning, usage.reasoningTokens());
        }

        RollupRow toRow() {
            return new RollupRow(null, List.of(tag), currency, cost, calls, unpriced, input, cacheRead, cacheWrite,
                    output, reasoning);
        }
    }

    private BudgetManager requireManager() {
        BudgetManager budgets = manager.get();
        if (budgets == null) {
            throw new BudgetUnavailableException("the budget manager is not running");
        }
        return budgets;
    }
}
