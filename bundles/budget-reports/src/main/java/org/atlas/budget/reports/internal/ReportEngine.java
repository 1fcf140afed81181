package org.atlas.budget.reports.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.spi.BudgetStore;

/** Makes reports; the OSGi component and the benchmarks both drive this one class. */
public final class ReportEngine {

    private final UsageSource source;
    private final Supplier<PricingRegistry> pricing;
    private final Supplier<BudgetManager> manager;
    private final Clock clock;
    private volatile ReportSettings settings;

    /** An engine that makes every read of the store on the calling thread. */
    public ReportEngine(BudgetStore store, Supplier<PricingRegistry> pricing, Supplier<BudgetManager> manager,
            Clock clock) {
        this(store, pricing, manager, clock, Runnable::run, ReportSettings.DEFAULTS);
    }

    /**
     * @param reads runs reads of the store that can overlap the calling thread's (the hours of
     *              local days); {@code Runnable::run} keeps them on the calling thread
     */
    public ReportEngine(BudgetStore store, Supplier<PricingRegistry> pricing, Supplier<BudgetManager> manager,
            Clock clock, Executor reads) {
        this(store, pricing, manager, clock, reads, ReportSettings.DEFAULTS);
    }

    ReportEngine(BudgetStore store, Supplier<PricingRegistry> pricing, Supplier<BudgetManager> manager, Clock clock,
            Executor reads, ReportSettings settings) {
        this.source = new UsageSource(store, reads);
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    void configure(ReportSettings newSettings) {
        settings = Objects.requireNonNull(newSettings, "settings");
    }

    public Report generate(ReportRequest request) {
        Objects.requireNonNull(request, "request");
        // The optional services are read once, so one report sees one consistent set.
        ReportContext ctx = new ReportContext(request, source, pricing.get(), manager.get(), settings, clock);
        return switch (request.type()) {
            case SUMMARY -> SummaryReport.make(ctx);
            case TREND -> TrendReport.make(ctx);
            case COMPARISON -> ComparisonReport.make(ctx);
            case FORECAST -> ForecastReport.make(ctx);
            case OPTIMIZATION -> OptimizationReport.make(ctx);
        };
    }
}
