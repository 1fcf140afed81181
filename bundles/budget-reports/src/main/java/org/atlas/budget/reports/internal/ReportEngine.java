package org.atlas.budget.reports.internal;

import java.time.Clock;
import java.util.Objects;
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

    public ReportEngine(BudgetStore store, Supplier<PricingRegistry> pricing, Supplier<BudgetManager> manager,
            Clock clock) {
        this(store, pricing, manager, clock, ReportSettings.DEFAULTS);
    }

    ReportEngine(BudgetStore store, Supplier<PricingRegistry> pricing, Supplier<BudgetManager> manager, Clock clock,
            ReportSettings settings) {
        this.source = new UsageSource(store);
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
