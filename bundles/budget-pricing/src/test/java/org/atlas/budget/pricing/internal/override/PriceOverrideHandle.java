package org.atlas.budget.pricing.internal.override;

import java.util.Map;

import org.atlas.budget.pricing.testing.Configs;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/** Activates and deactivates an override for tests in other packages, as DS would. */
public final class PriceOverrideHandle {

    private final PriceOverride override;

    private PriceOverrideHandle(PriceOverride override) {
        this.override = override;
    }

    public static PriceOverrideHandle activate(BundleContext context, Map<String, ?> configuration) {
        return new PriceOverrideHandle(new PriceOverride(Configs.of(OverrideConfig.class, configuration), context,
                Map.of(Constants.SERVICE_PID, PriceOverride.PID + "~test")));
    }

    public void deactivate() {
        override.stop();
    }
}
