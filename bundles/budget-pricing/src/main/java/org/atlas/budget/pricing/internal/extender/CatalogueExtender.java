package org.atlas.budget.pricing.internal.extender;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;

/**
 * The extender that turns catalogue bundles into {@link org.atlas.budget.api.spi.PricingCatalog}
 * services. A catalogue bundle holds data only: no code, no imports, no DS; this component reads
 * its file when it becomes ACTIVE and withdraws it when it stops, so installing, updating or
 * stopping a catalogue bundle changes the prices in force at once.
 */
@Component(immediate = true)
public final class CatalogueExtender {

    private final BundleTracker<CatalogueBundles.Tracked> tracker;

    @Activate
    public CatalogueExtender(BundleContext context) {
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, new CatalogueBundles(context));
    }

    @Activate
    void open() {
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }
}
