package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.atlas.budget.api.model.Alternative;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.Usage;

/**
 * Cost-optimisation suggestions: a cheaper model of the same capabilities, prompt caching where
 * cache reads are rare, budgets that sit idle, models near their deprecation date. Each row's
 * keys are the kind and the subject; its cost is the estimated saving over the report's range.
 */
final class OptimizationReport {

    static final String CHEAPER_MODEL = "CHEAPER_MODEL";
    static final String PROMPT_CACHING = "PROMPT_CACHING";
    static final String IDLE_BUDGET = "IDLE_BUDGET";
    static final String DEPRECATION = "DEPRECATION";

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final List<GroupBy> PER_MODEL = List.of(GroupBy.PROVIDER, GroupBy.MODEL, GroupBy.OPERATION);

    private OptimizationReport() {
    }

    static Report make(ReportContext ctx) {
        List<ReportRow> rows = new ArrayList<>();
        Map<Cell, Tally> perModel = Groups.withoutTime(
                ctx.read(ctx.request.filter().from(), ctx.request.filter().to(), PER_MODEL, null));
        if (ctx.pricing == null) {
            ctx.notes.add("No PricingRegistry is available: cheaper-model, prompt-caching and deprecation"
                    + " suggestions are left out.");
        } else {
            for (Map.Entry<Cell, Tally> e : Groups.bySpend(perModel)) {
                cheaperModel(ctx, e.getKey(), e.getValue()).ifPresent(rows::add);
                promptCaching(ctx, e.getKey(), e.getValue()).ifPresent(rows::add);
                deprecation(ctx, e.getKey(), e.getValue()).ifPresent(rows::add);
            }
            ctx.notes.add("Cheaper models: the registry's cheaper alternatives of the same mode and at least the"
                    + " same capabilities, priced for the average call of the range (token counts rounded down)"
                    + " at the range's end; saving = the per-call saving times the calls. Only token usage is"
                    + " rolled up, so image, audio and character usage is not in the estimate.");
            ctx.notes.add("Prompt caching: suggested where cache reads are under " + ctx.settings.cacheRarePercent()
                    + "% of the input tokens (at least " + ctx.settings.cacheMinInputTokens() + " input tokens) on a"
                    + " model that prices cache reads below input; the saving assumes "
                    + ctx.settings.cacheAssumedHitPercent() + "% of the uncached input would be read from the cache,"
                    + " and leaves out cache-write premiums.");
        }
        if (ctx.manager == null) {
            ctx.notes.add("No BudgetManager is available: idle-budget suggestions are left out.");
        } else {
            idleBudgets(ctx, rows);
            ctx.notes.add("Idle budgets: enabled policies with no spend and no hold in their current period.");
        }
        rows.sort(Comparator.<ReportRow, BigDecimal>comparing(r -> r.cost().amount()).reversed()
                .thenComparing(r -> String.join("\u0000", r.keys())));
        Totals savings = new Totals();
        rows.forEach(r -> savings.add(r.cost().currency(), r.cost().amount()));
        if (rows.isEmpty()) {
            ctx.notes.add("No suggestions.");
        }
        ctx.notes.add("The total is the sum of the estimated savings; suggestions can overlap (a model may have a"
                + " cheaper alternative and a caching suggestion), so it is an upper bound.");
        return ctx.report(savings.reportTotal(ctx.notes), rows);
    }

    private static Optional<ReportRow> cheaperModel(ReportContext ctx, Cell cell, Tally tally) {
        long calls = tally.calls - tally.unpricedCalls;
        if (calls <= 0 || tally.cost.signum() == 0) {
            return Optional.empty();
        }
        String provider = cell.keys().get(0);
        String model = cell.keys().get(1);
        Operation operation = Operation.parse(cell.keys().get(2));
        Usage average = Usage.builder().inputTokens(tally.inputTokens / calls)
                .cacheReadTokens(tally.cacheReadTokens / calls).cacheWriteTokens(tally.cacheWriteTokens / calls)
                .outputTokens(tally.outputTokens / calls).reasoningTokens(tally.reasoningTokens / calls)
                .requests(1).build();
        List<Alternative> alternatives = ctx.pricing.cheaperAlternatives(provider, model, average, operation, false,
                ctx.request.filter().to());
        if (alternatives.isEmpty()) {
            return Optional.empty();
        }
        Alternative best = alternatives.get(0);
        if (!best.saving().currency().equals(cell.currency())) {
            ctx.notes.add(provider + "/" + model + ": the cheapest alternative is priced in "
                    + best.saving().currency() + ", the usage in " + cell.currency() + "; not compared.");
            return Optional.empty();
        }
        Money saving = Money.of(best.saving().amount().multiply(BigDecimal.valueOf(calls)), cell.currency());
        Map<String, String> extra = new TreeMap<>();
        extra.put("suggestion", "use " + best.provider() + "/" + best.model() + " instead");
        extra.put("alternative", best.provider() + "/" + best.model());
        extra.put("savingPerCall", Amounts.plain(best.saving().amount()));
        extra.put("spent", Amounts.plain(tally.cost));
        extra.put("alternatives", Integer.toString(alternatives.size()));
        return Optional.of(new ReportRow(List.of(CHEAPER_MODEL, provider + "/" + model), saving, tally.calls,
                tally.inputTokens, tally.outputTokens, extra));
    }

    private static Optional<ReportRow> promptCaching(ReportContext ctx, Cell cell, Tally tally) {
        String provider = cell.keys().get(0);
        String model = cell.keys().get(1);
        if (tally.inputTokens < Math.max(1, ctx.settings.cacheMinInputTokens())) {
            return Optional.empty();
        }
        Optional<ModelPrice> price = ctx.pricing.price(provider, model, ctx.request.filter().to());
        if (price.isEmpty() || price.get().tokens() == null || price.get().tokens().cacheRead() == null
                || !price.get().currency().equals(cell.currency())) {
            return Optional.empty();
        }
        TokenRates rates = price.get().tokens();
        BigDecimal readShare = Amounts.percent(BigDecimal.valueOf(tally.cacheReadTokens),
                BigDecimal.valueOf(tally.inputTokens));
        if (rates.cacheRead().compareTo(rates.input()) >= 0
                || readShare.compareTo(BigDecimal.valueOf(ctx.settings.cacheRarePercent())) >= 0) {
            return Optional.empty();
        }
        long uncached = tally.inputTokens - tally.cacheReadTokens - tally.cacheWriteTokens;
        BigDecimal exact = BigDecimal.valueOf(uncached).multiply(BigDecimal.valueOf(ctx.settings.cacheAssumedHitPercent()))
                .multiply(rates.input().subtract(rates.cacheRead()))
                .divide(MILLION.multiply(BigDecimal.valueOf(100)), Amounts.INTERMEDIATE);
        Map<String, String> extra = new TreeMap<>();
        extra.put("suggestion", "use prompt caching: cache reads are " + Amounts.plain(readShare) + "% of input");
        extra.put("cacheReadPercent", Amounts.plain(readShare));
        extra.put("inputRate", Amounts.plain(rates.input()));
        extra.put("cacheReadRate", Amounts.plain(rates.cacheRead()));
        return Optional.of(new ReportRow(List.of(PROMPT_CACHING, provider + "/" + model),
                Amounts.money(exact, cell.currency()), tally.calls, tally.inputTokens, tally.outputTokens, extra));
    }

    private static Optional<ReportRow> deprecation(ReportContext ctx, Cell cell, Tally tally) {
        String provider = cell.keys().get(0);
        String model = cell.keys().get(1);
        Optional<ModelPrice> price = ctx.pricing.price(provider, model, ctx.now);
        if (price.isEmpty() || price.get().deprecationDate() == null) {
            return Optional.empty();
        }
        LocalDate today = ctx.now.atZone(ZoneOffset.UTC).toLocalDate();
        long daysLeft = ChronoUnit.DAYS.between(today, price.get().deprecationDate());
        if (daysLeft > ctx.settings.deprecationWarningDays()) {
            return Optional.empty();
        }
        Map<String, String> extra = new TreeMap<>();
        extra.put("deprecationDate", price.get().deprecationDate().toString());
        extra.put("daysLeft", Long.toString(daysLeft));
        extra.put("suggestion", daysLeft < 0 ? "the provider retired this model on " + price.get().deprecationDate()
                : "the provider retires this model on " + price.get().deprecationDate() + "; move off it");
        return Optional.of(new ReportRow(List.of(DEPRECATION, provider + "/" + model), Money.zero(cell.currency()),
                tally.calls, tally.inputTokens, tally.outputTokens, extra));
    }

    private static void idleBudgets(ReportContext ctx, List<ReportRow> rows) {
        for (BudgetPolicy policy : ctx.manager.policies()) {
            if (!policy.enabled()) {
                continue;
            }
            List<BucketStatus> buckets = ctx.manager.spend(policy.id());
            boolean idle = buckets.stream().allMatch(b -> b.spent().isZero() && b.held().isZero());
            if (!idle) {
                continue;
            }
            Map<String, String> extra = new TreeMap<>();
            extra.put("limit", policy.limit().toPlainString());
            extra.put("period", policy.period().kind().name());
            extra.put("suggestion", "no spend in the current period: lower or remove the budget of '" + policy.name()
                    + "'");
            rows.add(new ReportRow(List.of(IDLE_BUDGET, policy.id()), Money.zero(policy.limit().currency()), 0, 0, 0,
                    extra));
        }
    }
}
