package org.atlas.budget.pricing.internal.override;

import static org.atlas.budget.pricing.internal.override.OverridePricesTest.config;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.testing.OsgiFramework;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The override component, activated through its constructor in a real framework. */
public class PriceOverrideTest {

    private static final Map<String, Object> PROPERTIES = Map.of(Constants.SERVICE_PID,
            "org.atlas.budget.pricing.override~gpt4o");

    @Rule
    public final OsgiFramework osgi = new OsgiFramework();

    private Collection<ServiceReference<PricingCatalog>> catalogues() throws Exception {
        return osgi.context().getServiceReferences(PricingCatalog.class, null);
    }

    private BigDecimal inputRate(ServiceReference<PricingCatalog> reference) {
        BundleContext context = osgi.context();
        try {
            return context.getService(reference).prices().get(0).tokens().input();
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    public void registersAnOverrideCatalogueAboveEveryRanking() throws Exception {
        PriceOverride override = new PriceOverride(config("provider", "openai", "model", "gpt-4o", "input", "2.00",
                "output", "8.00"), osgi.context(), PROPERTIES);
        ServiceReference<PricingCatalog> reference = catalogues().iterator().next();
        assertEquals("override:openai/gpt-4o", reference.getProperty(PricingCatalog.CATALOGUE_ID));
        assertEquals(Integer.MAX_VALUE, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals(new BigDecimal("2.00"), inputRate(reference));

        override.stop();
        assertTrue(catalogues().isEmpty());
    }

    @Test
    public void aChangeAppliesLiveAndABadChangeKeepsTheOverrideInForce() throws Exception {
        PriceOverride override = new PriceOverride(config("provider", "openai", "model", "gpt-4o", "input", "2.00",
                "output", "8.00"), osgi.context(), PROPERTIES);
        override.modified(config("provider", "openai", "model", "gpt-4o-mini", "input", "0.10", "output", "0.40"),
                PROPERTIES);
        ServiceReference<PricingCatalog> reference = catalogues().iterator().next();
        assertEquals("override:openai/gpt-4o-mini", reference.getProperty(PricingCatalog.CATALOGUE_ID));
        assertEquals(new BigDecimal("0.10"), inputRate(reference));

        override.modified(config("provider", "openai", "model", "gpt-4o-mini", "input", "ten", "output", "0.40"),
                PROPERTIES);
        assertEquals(new BigDecimal("0.10"), inputRate(catalogues().iterator().next()));
        override.stop();
    }

    @Test
    public void aBadConfigurationFailsActivationAndRegistersNothing() throws Exception {
        InvalidOverrideException e = assertThrows(InvalidOverrideException.class, () -> new PriceOverride(
                config("provider", "openai", "model", "gpt-4o", "input", "2.00"), osgi.context(), PROPERTIES));
        assertEquals("output", e.key());
        assertTrue(catalogues().isEmpty());
    }
}
