package org.atlas.budget.tracking.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.Repricing;
import org.atlas.budget.api.RepricingListener;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.RepricingLine;
import org.atlas.budget.api.model.RepricingRequest;
import org.atlas.budget.api.model.RepricingResult;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * Audited repricing over the store: {@code queryUsage} page by page, the registry's quote at the
 * chosen instant, {@code replaceCharges} for the records that change, then one audit entry.
 *
 * <p>New charges are rounded like every settled charge, with {@link Money#SETTLE_ROUNDING}
 * ({@link Quote#toCharge()}), so a repriced record looks exactly like one recorded at those prices.
 */
public final class Repricer implements Repricing {

    /** The audit action of an applied repricing. */
    public static final String AUDIT_ACTION = "usage.reprice";
    /** The audit action when applying failed part-way: what was written so far. */
    public static final String AUDIT_ACTION_FAILED = "usage.reprice.failed";

    /** Settings read once per run. */
    public record Settings(int pageSize, Duration dryRunLifetime) {
        public Settings {
            if (pageSize < 1 || pageSize > UsageQuery.MAX_LIMIT) {
                throw new IllegalArgumentException("pageSize must be from 1 to " + UsageQuery.MAX_LIMIT
                        + ", was " + pageSize);
            }
        }
    }

    private record DryRun(RepricingResult result, Instant expiresAt) {
    }

    private final BudgetStore store;
    private final Supplier<PricingRegistry> pricing;
    private final Consumer<RepricingResult> applied;
    private final Clock clock;
    private volatile Settings settings;
    private final ConcurrentHashMap<String, DryRun> dryRuns = new ConcurrentHashMap<>();

    /** @param applied told about every applied run, after its audit entry is written */
    public Repricer(BudgetStore store, Supplier<PricingRegistry> pricing, Consumer<RepricingResult> applied,
            Clock clock, Settings settings) {
        this.store = store;
        this.pricing = pricing;
        this.applied = applied;
        this.clock = clock;
        this.settings = settings;
    }

    public void settings(Settings newSettings) {
        settings = newSettings;
    }

    @Override
    public RepricingResult dryRun(RepricingRequest request, RepricingListener listener) {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        forgetExpired();
        String id = "reprice-" + UUID.randomUUID();
        RepricingResult result = run(id, request, false, listener == null ? RepricingListener.NONE : listener);
        dryRuns.put(id, new DryRun(result, clock.instant().plus(settings.dryRunLifetime())));
        return result;
    }

    @Override
    public RepricingResult apply(String dryRunId, String actor, RepricingListener listener) {
        if (dryRunId == null || dryRunId.isBlank()) {
            throw new IllegalArgumentException("dryRunId is required");
        }
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor is required: an applied repricing is audited");
        }
        forgetExpired();
        // Removed before running, so one dry run is applied at most once, even by two callers.
        DryRun plan = dryRuns.remove(dryRunId.strip());
        if (plan == null) {
            throw new NoSuchElementException("no repricing dry run has the id '" + dryRunId
                    + "' (unknown, expired or already applied): run a dry run first");
        }
        RepricingResult result = run(plan.result().id(), plan.result().request(), true,
                listener == null ? RepricingListener.NONE : listener);
        store.audit(new AuditEntry(clock.instant(), actor, AUDIT_ACTION, target(result.request()),
                details(result, plan.result())));
        applied.accept(result);
        return result;
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        dryRuns.values().removeIf(run -> !run.expiresAt().isAfter(now));
    }

    private RepricingResult run(String id, RepricingRequest request, boolean write, RepricingListener listener) {
        PricingRegistry registry = pricing.get();
        if (registry == null) {
            throw new BudgetUnavailableException("no PricingRegistry is available to reprice");
        }
        Settings current = settings;
        UsageQuery query = new UsageQuery(request.from(), request.to(), request.provider(), request.model(), null,
                null, null, null, current.pageSize(), null);
        Tally tally = new Tally();
        long written = 0;
        try {
            while (true) {
                Page<UsageRecord> page = store.queryUsage(query);
                List<UsageRecord> changes = new ArrayList<>();
                for (UsageRecord record : page.items()) {
                    UsageRecord repriced = reprice(registry, record, request.pricesAt(), tally);
                    if (repriced != null) {
                        changes.add(repriced);
                    }
                }
                if (write && !changes.isEmpty()) {
                    store.replaceCharges(changes);
                    written += changes.size();
                }
                listener.progress(tally.examined, tally.changed);
                if (!page.hasMore()) {
                    break;
                }
                query = query.withCursor(page.nextCursor());
            }
        } catch (RuntimeException e) {
            if (write && written > 0) {
                // Some pages are written: the audit log must say so before the error goes up.
                store.audit(new AuditEntry(clock.instant(), "system", AUDIT_ACTION_FAILED, target(request),
                        "repricing " + id + " failed after writing " + written + " record(s): " + e));
            }
            throw e;
        }
        return tally.result(id, request, write);
    }

    /** The record with its new charge, or {@code null} when it keeps its charge. */
    private static UsageRecord reprice(PricingRegistry registry, UsageRecord record, Instant pricesAt, Tally tally) {
        tally.examined++;
        UsageReport report = record.report();
        Quote quote = registry.quote(report.provider(), report.model(), report.usage(), pricesAt);
        if (!quote.isPriced()) {
            tally.unpriced++;
            return null;
        }
        Charge old = record.charge();
        Charge fresh = quote.toCharge();
        if (fresh.equals(old)) {
            return null;
        }
        tally.changed++;
        tally.add(report, old, fresh);
        return record.withCharge(fresh);
    }

    private static final class Tally {
        long examined;
        long changed;
        long unpriced;
        /** Per provider, model and currency code, sorted. */
        final TreeMap<String, Line> lines = new TreeMap<>();

        void add(UsageReport report, Charge old, Charge fresh) {
            Currency currency = fresh.cost().currency();
            Line line = line(report, currency);
            line.records++;
            line.after = line.after.plus(fresh.cost());
            if (old.status() == PricingStatus.UNPRICED) {
                line.newlyPriced++;
            } else {
                // A currency change puts the old cost on the old currency's line.
                Line oldLine = line(report, old.cost().currency());
                oldLine.before = oldLine.before.plus(old.cost());
            }
        }

        private Line line(UsageReport report, Currency currency) {
            String key = report.provider() + "\u0000" + report.model() + "\u0000" + currency.getCurrencyCode();
            return lines.computeIfAbsent(key, k -> new Line(report.provider(), report.model(), currency));
        }

        RepricingResult result(String id, RepricingRequest request, boolean applied) {
            List<RepricingLine> perModel = new ArrayList<>();
            TreeMap<String, Line> totals = new TreeMap<>();
            for (Line line : lines.values()) {
                perModel.add(line.toLine());
                Line total = totals.computeIfAbsent(line.currency.getCurrencyCode(),
                        k -> new Line(RepricingResult.ALL, RepricingResult.ALL, line.currency));
                total.records += line.records;
                total.newlyPriced += line.newlyPriced;
                total.before = total.before.plus(line.before);
                total.after = total.after.plus(line.after);
            }
            perModel.sort(Comparator.comparing(RepricingLine::provider).thenComparing(RepricingLine::model)
                    .thenComparing(l -> l.currency().getCurrencyCode()));
            return new RepricingResult(id, request, applied, examined, changed, unpriced, perModel,
                    totals.values().stream().map(Line::toLine).toList());
        }
    }

    private static final class Line {
        final String provider;
        final String model;
        final Currency currency;
        long records;
        long newlyPriced;
        Money before;
        Money after;

        Line(String provider, String model, Currency currency) {
            this.provider = provider;
            this.model = model;
            this.currency = currency;
            this.before = Money.zero(currency);
            this.after = Money.zero(currency);
        }

        RepricingLine toLine() {
            return new RepricingLine(provider, model, currency, records, newlyPriced, before, after);
        }
    }

    private static String target(RepricingRequest request) {
        return "usage [" + request.from() + ", " + request.to() + ")"
                + (request.provider() == null ? "" : " provider=" + request.provider())
                + (request.model() == null ? "" : " model=" + request.model());
    }

    private static String details(RepricingResult result, RepricingResult dryRun) {
        StringBuilder text = new StringBuilder();
        text.append(result.id()).append(": prices in force at ").append(result.request().pricesAt())
                .append("; examined ").append(result.examined()).append(", changed ").append(result.changed())
                .append(", left unpriced ").append(result.unpriced());
        for (RepricingLine total : result.totals()) {
            text.append("; ").append(total.currency().getCurrencyCode()).append(' ')
                    .append(total.before().toPlainString()).append(" -> ").append(total.after().toPlainString())
                    .append(" (").append(total.difference().toPlainString()).append(')');
        }
        if (dryRun.changed() != result.changed() || !dryRun.totals().equals(result.totals())) {
            text.append("; the records changed since the dry run, which counted ").append(dryRun.changed())
                    .append(" change(s)");
        }
        return text.toString();
    }
}
