package org.atlas.budget.tracking.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link UsageTracker} service.
 *
 * <p>The store is mandatory on purpose: recorded means durable, so without a store there is no
 * tracker, and the host's guard and the budget manager see it missing instead of losing records.
 * Pricing, the interceptor and EventAdmin are optional and dynamic: they may restart without
 * taking the tracker down.
 */
@Component(service = UsageTracker.class, configurationPid = "org.atlas.budget.tracking")
@Designate(ocd = TrackingConfig.class)
public final class UsageTrackerComponent implements UsageTracker {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PricingRegistry pricing;

    /** The highest-ranked interceptor charges the budgets of reports recorded without admission. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UsageInterceptor interceptor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private final Recorder recorder;

    @Activate
    public UsageTrackerComponent(@Reference BudgetStore store, TrackingConfig config) {
        this.recorder = new Recorder(store, () -> pricing, () -> interceptor,
                new RecordedEventPoster(() -> eventAdmin), Clock.systemUTC(), skew(config));
    }

    @Modified
    void modified(TrackingConfig config) {
        recorder.maxFutureSkew(skew(config));
    }

    private static Duration skew(TrackingConfig config) {
        return Duration.ofSeconds(Math.max(0, config.maxFutureSkewSeconds()));
    }

    @Override
    public UsageRecord record(UsageReport report) {
        return recorder.record(report);
    }

    @Override
    public UsageRecord record(UsageReport report, Charge charge, List<LedgerEntry> ledger) {
        return recorder.record(report, charge, ledger);
    }

    @Override
    public List<UsageRecord> recordAll(List<UsageReport> reports) {
        return recorder.recordAll(reports);
    }

    @Override
    public Optional<UsageRecord> find(String requestId) {
        return recorder.find(requestId);
    }

    @Override
    public Page<UsageRecord> history(UsageQuery query) {
        return recorder.history(query);
    }
}
