package org.atlas.budget.pricing.internal.extender;

import static org.atlas.budget.pricing.testing.TestBundles.catalogueBundle;
import static org.atlas.budget.pricing.testing.TestBundles.catalogueJson;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.math.BigDecimal;
import java.util.Collection;

import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.testing.OsgiFramework;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The catalogue extender in a real framework, with real catalogue bundles made on the fly. */
public class CatalogueExtenderTest {

    private static final String HEADER = "catalogue/prices.json;ranking:=7";
    private static final String PATH = "catalogue/prices.json";

    @Rule
    public final OsgiFramework osgi = new OsgiFramework();

    private BundleContext context;
    private CatalogueExtender extender;

    @Before
    public void openExtender() {
        context = osgi.context();
        extender = new CatalogueExtender(context);
        extender.open();
    }

    @After
    public void closeExtender() {
        extender.close();
    }

    private Bundle install(String name, String header, String json) throws Exception {
        return context.installBundle(name, catalogueBundle(name, "1.0.0", header, PATH, json));
    }

    private ServiceReference<PricingCatalog> catalogue(String id) throws Exception {
        Collection<ServiceReference<PricingCatalog>> references = context.getServiceReferences(PricingCatalog.class,
                "(" + PricingCatalog.CATALOGUE_ID + "=" + id + ")");
        return references.isEmpty() ? null : references.iterator().next();
    }

    private BigDecimal inputRate(String id) throws Exception {
        ServiceReference<PricingCatalog> reference = catalogue(id);
        PricingCatalog service = context.getService(reference);
        try {
            return service.prices().get(0).tokens().input();
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    public void anActiveCatalogueBundleGetsAServiceRegisteredThroughItsOwnContext() throws Exception {
        Bundle bundle = install("acme.prices", HEADER, catalogueJson("acme", "openai", "gpt-4o", "2.50", "10"));
        assertNull("not before it is active", catalogue("acme"));
        bundle.start();

        ServiceReference<PricingCatalog> reference = catalogue("acme");
        assertSame(bundle, reference.getBundle());
        assertEquals(7, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals(new BigDecimal("2.50"), inputRate("acme"));

        bundle.stop();
        assertNull(catalogue("acme"));
        bundle.start();
        assertEquals(new BigDecimal("2.50"), inputRate("acme"));
        bundle.uninstall();
        assertNull(catalogue("acme"));
    }

    @Test
    public void anUpdateReplacesThePrices() throws Exception {
        Bundle bundle = install("acme.prices", HEADER, catalogueJson("acme", "openai", "gpt-4o", "2.50", "10"));
        bundle.start();
        bundle.update(catalogueBundle("acme.prices", "1.0.1", HEADER, PATH,
                catalogueJson("acme", "openai", "gpt-4o", "2.00", "8")));
        assertEquals(new BigDecimal("2.00"), inputRate("acme"));
        assertEquals(1, context.getServiceReferences(PricingCatalog.class, null).size());
    }

    @Test
    public void aBadUpdateKeepsThePricesInForceBefore() throws Exception {
        Bundle bundle = install("acme.prices", HEADER, catalogueJson("acme", "openai", "gpt-4o", "2.50", "10"));
        bundle.start();
        String typo = catalogueJson("acme", "openai", "gpt-4o", "2.00", "8").replace("\"input\"", "\"inptu\"");
        bundle.update(catalogueBundle("acme.prices", "1.0.1", HEADER, PATH, typo));

        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertEquals(new BigDecimal("2.50"), inputRate("acme"));
        assertSame(bundle, catalogue("acme").getBundle());
    }

    @Test
    public void aBadFileOnFirstStartContributesNothing() throws Exception {
        Bundle bad = install("bad.prices", HEADER, "{\"catalogue\": \"bad\", \"currency\": \"USD\", \"models\": [");
        bad.start();
        assertEquals(Bundle.ACTIVE, bad.getState());
        assertNull(catalogue("bad"));
        Bundle missing = context.installBundle("missing", catalogueBundle("missing", "1.0.0", "nowhere.json", null, null));
        missing.start();
        assertEquals(0, context.getServiceReferences(PricingCatalog.class, null).size());
    }

    @Test
    public void bundlesWithoutTheHeaderAreLeftAlone() throws Exception {
        install("plain", null, "{}").start();
        assertEquals(0, context.getServiceReferences(PricingCatalog.class, null).size());
    }

    @Test
    public void bundlesActiveBeforeTheExtenderArePickedUpAndClosingWithdrawsThem() throws Exception {
        extender.close();
        Bundle bundle = install("early.prices", "catalogue/prices.json",
                catalogueJson("early", "openai", "gpt-4o", "2.50", "10"));
        bundle.start();
        assertNull(catalogue("early"));

        extender = new CatalogueExtender(context);
        extender.open();
        assertEquals(0, catalogue("early").getProperty(Constants.SERVICE_RANKING));
        extender.close();
        assertNull(catalogue("early"));
    }
}
