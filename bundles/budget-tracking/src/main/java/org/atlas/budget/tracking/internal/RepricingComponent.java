package org.atlas.budget.tracking.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.atlas.budget.api.BudgetEvents;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.Repricing;
import org.atlas.budget.api.RepricingListener;
import org.atlas.budget.api.model.RepricingRequest;
import org.atlas.budget.api.model.RepricingResult;
import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Repricing} service; configured with the tracking PID. */
@Component(service = Repricing.class, configurationPid = "org.atlas.budget.tracking")
public final class RepricingComponent implements Repricing {

    private static final Logger LOG = LoggerFactory.getLogger(RepricingComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PricingRegistry pricing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private final Repricer repricer;

    @Activate
    public RepricingComponent(@Reference BudgetStore store, TrackingConfig config) {
        this.repricer = new Repricer(store, () -> pricing, this::applied, Clock.systemUTC(), settings(config));
    }

    @Modified
    void modified(TrackingConfig config) {
        repricer.settings(settings(config));
    }

    private static Repricer.Settings settings(TrackingConfig config) {
        return new Repricer.Settings(Math.min(1000, Math.max(1, config.repricingPageSize())),
                Duration.ofMinutes(Math.max(1, config.dryRunMinutes())));
    }

    private void applied(RepricingResult result) {
        LOG.info("Repricing {} applied: {} of {} record(s) changed, prices in force at {}", result.id(),
                result.changed(), result.examined(), result.request().pricesAt());
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(BudgetEvents.USAGE_REPRICED, Map.of(BudgetEvents.PROP_REPRICING_ID, result.id(),
                    BudgetEvents.PROP_CHANGED, result.changed(),
                    BudgetEvents.PROP_PRICES_AT, result.request().pricesAt().toString())));
        }
    }

    @Override
    public RepricingResult dryRun(RepricingRequest request, RepricingListener listener) {
        return repricer.dryRun(request, listener);
    }

    @Override
    public RepricingResult apply(String dryRunId, String actor, RepricingListener listener) {
        return repricer.apply(dryRunId, actor, listener);
    }
}
