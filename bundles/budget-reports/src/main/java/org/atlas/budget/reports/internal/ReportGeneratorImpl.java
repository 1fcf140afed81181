package org.atlas.budget.reports.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.ReportGenerator;
import org.atlas.budget.api.model.ExportFormat;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ReportGenerator service. Reports need the store (a mandatory reference: without it there is
 * nothing to report on, so the service is not there); pricing and the budget manager are optional
 * and dynamic, and a report made without them says which suggestions it left out.
 */
@Component(service = ReportGenerator.class, configurationPid = ReportGeneratorImpl.PID)
@Designate(ocd = ReportsConfig.class)
public final class ReportGeneratorImpl implements ReportGenerator {

    static final String PID = "org.atlas.budget.reports";

    private static final Logger LOG = LoggerFactory.getLogger(ReportGeneratorImpl.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PricingRegistry pricing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BudgetManager manager;

    private final ReportEngine engine;
    /** Store reads that overlap a report's own thread; bounded, so many reports queue rather than pile up threads. */
    private final ExecutorService reads = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "atlas-budget-report-reads");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public ReportGeneratorImpl(@Reference BudgetStore store, ReportsConfig config) {
        this.engine = new ReportEngine(store, () -> pricing, () -> manager, Clock.systemUTC(), reads,
                settings(config));
    }

    @Deactivate
    void deactivate() {
        // A report still running gets RejectedExecutionException from its next read, not a hang.
        reads.shutdownNow();
    }

    /** A bad change is refused and named in the log; the settings in force stay (bad input changes nothing). */
    @Modified
    void modified(ReportsConfig config) {
        ReportSettings next;
        try {
            next = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} refused, the previous report settings stay in force: {}", PID, e.getMessage());
            return;
        }
        engine.configure(next);
    }

    private static ReportSettings settings(ReportsConfig config) {
        return new ReportSettings(config.forecastHistoryDays(), config.deprecationWarningDays(),
                config.cacheRarePercent(), config.cacheAssumedHitPercent(), config.cacheMinInputTokens());
    }

    @Override
    public Report generate(ReportRequest request) {
        return engine.generate(request);
    }

    @Override
    public void export(Report report, ExportFormat format, Writer out) throws IOException {
        Exporters.write(report, format, out);
    }
}
