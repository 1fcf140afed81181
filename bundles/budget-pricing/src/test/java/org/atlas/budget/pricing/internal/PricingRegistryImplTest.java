package org.atlas.budget.pricing.internal;

import static org.atlas.budget.pricing.testing.TestBundles.catalogueBundle;
import static org.atlas.budget.pricing.testing.TestBundles.catalogueJson;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.BudgetEvents;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.internal.extender.CatalogueExtenderHandle;
import org.atlas.budget.pricing.internal.override.PriceOverrideHandle;
import org.atlas.budget.pricing.testing.Configs;
import org.atlas.budget.pricing.testing.OsgiFramework;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * The registry component in a real framework. A service tracker feeds its bind, updated and
 * unbind methods exactly as DS does for a dynamic, greedy, multiple reference, so catalogue
 * services, catalogue bundles, overrides and imports all reach it the way they do in Karaf.
 */
public class PricingRegistryImplTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Usage MILLION_IN = Usage.builder().inputTokens(1_000_000).build();

    @Rule
    public final OsgiFramework osgi = new OsgiFramework();

    private BundleContext context;
    private PricingRegistryImpl registry;
    private ServiceTracker<PricingCatalog, PricingCatalog> reference;
    private final RecordingEventAdmin events = new RecordingEventAdmin();

    /** A real EventAdmin implementation that keeps what it is given. */
    private static final class RecordingEventAdmin implements EventAdmin {
        final List<Event> posted = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    }

    @Before
    public void activate() {
        context = osgi.context();
        registry = start(-10);
    }

    @After
    public void deactivate() {
        stop();
    }

    private PricingRegistryImpl start(int importRanking) {
        PricingRegistryImpl component = new PricingRegistryImpl(config(importRanking), context);
        component.setEventAdmin(events);
        reference = new ServiceTracker<>(context, PricingCatalog.class, new ServiceTrackerCustomizer<>() {
            @Override
            public PricingCatalog addingService(ServiceReference<PricingCatalog> ref) {
                PricingCatalog service = context.getService(ref);
                component.addCatalogue(ref, service);
                return service;
            }

            @Override
            public void modifiedService(ServiceReference<PricingCatalog> ref, PricingCatalog service) {
                component.updateCatalogue(ref, service);
            }

            @Override
            public void removedService(ServiceReference<PricingCatalog> ref, PricingCatalog service) {
                component.removeCatalogue(ref);
                context.ungetService(ref);
            }
        });
        reference.open();
        component.start();
        return component;
    }

    private void stop() {
        registry.stop();
        reference.close();
    }

    private static PricingRegistryImpl.Config config(int importRanking) {
        return Configs.of(PricingRegistryImpl.Config.class, Map.of("importRanking", importRanking));
    }

    private ServiceRegistration<PricingCatalog> register(PricingCatalog catalogue, int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PricingCatalog.CATALOGUE_ID, catalogue.id());
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(PricingCatalog.class, catalogue, properties);
    }

    private static StaticCatalogue catalogue(String id, String input) {
        return new StaticCatalogue(id, List.of(Prices.model("openai", "gpt-4o").tokens(input, "10")
                .version(id + ":gpt-4o", "2024-01-01T00:00:00Z").build()));
    }

    private Quote quote() {
        return registry.quote("openai", "gpt-4o", MILLION_IN, NOW);
    }

    private static void assertCost(String expected, Quote quote) {
        assertEquals(quote.reason(), PricingStatus.PRICED, quote.status());
        assertEquals(quote.toString(), 0, new BigDecimal(expected).compareTo(quote.exactCost()));
    }

    @Test
    public void followsCatalogueServicesAndTheirRanking() {
        assertEquals(PricingStatus.UNPRICED, quote().status());
        register(catalogue("list", "2.50"), 0);
        assertCost("2.50", quote());
        ServiceRegistration<PricingCatalog> better = register(catalogue("negotiated", "2.00"), 10);
        assertCost("2.00", quote());
        assertEquals("negotiated", quote().catalogue());

        Dictionary<String, Object> demoted = new Hashtable<>();
        demoted.put(PricingCatalog.CATALOGUE_ID, "negotiated");
        demoted.put(Constants.SERVICE_RANKING, -1);
        better.setProperties(demoted);
        assertEquals("list", quote().catalogue());

        better.unregister();
        assertEquals(1, registry.models().size());
        assertTrue(events.posted.stream().allMatch(e -> e.getTopic().equals(BudgetEvents.PRICING_CHANGED)));
        assertEquals(List.of("added", "added", "modified", "removed"), events.posted.stream()
                .map(e -> (String) e.getProperty(BudgetEvents.PROP_CHANGE)).toList());
    }

    @Test
    public void aCatalogueThatFailsOnUpdateKeepsItsEarlierPrices() {
        class FlakyCatalogue implements PricingCatalog {
            volatile boolean broken;

            @Override
            public String id() {
                return "flaky";
            }

            @Override
            public List<ModelPrice> prices() {
                if (broken) {
                    throw new IllegalStateException("cannot read prices.json");
                }
                return catalogue("flaky", "3.00").prices();
            }
        }
        FlakyCatalogue flaky = new FlakyCatalogue();
        ServiceRegistration<PricingCatalog> registration = register(flaky, 0);
        assertCost("3.00", quote());
        int eventsBefore = events.posted.size();

        flaky.broken = true;
        Dictionary<String, Object> touched = new Hashtable<>();
        touched.put(PricingCatalog.CATALOGUE_ID, "flaky");
        touched.put(Constants.SERVICE_RANKING, 0);
        touched.put("touched", true);
        registration.setProperties(touched);
        assertCost("3.00", quote());
        assertEquals("no change, no event", eventsBefore, events.posted.size());
    }

    @Test
    public void anOverrideBeatsEveryCatalogue() {
        register(catalogue("top", "2.50"), 1_000_000);
        PriceOverrideHandle override = PriceOverrideHandle.activate(context, Map.of("provider", "openai",
                "model", "GPT-4o", "input", "1.50", "output", "6"));
        assertCost("1.50", quote());
        assertEquals("override:openai/GPT-4o", quote().catalogue());
        override.deactivate();
        assertCost("2.50", quote());
    }

    @Test
    public void catalogueBundlesReachTheRegistryThroughTheExtender() throws Exception {
        CatalogueExtenderHandle extender = CatalogueExtenderHandle.open(context);
        try {
            Bundle bundle = context.installBundle("acme", catalogueBundle("acme", "1.0.0", "prices.json;ranking:=3",
                    "prices.json", catalogueJson("acme", "openai", "gpt-4o", "2.40", "9.60")));
            bundle.start();
            assertCost("2.40", quote());
            assertEquals("acme", quote().catalogue());
            bundle.stop();
            assertEquals(PricingStatus.UNPRICED, quote().status());
        } finally {
            extender.close();
        }
    }

    @Test
    public void anImportRanksBelowCuratedCataloguesAndSurvivesARestart() throws Exception {
        ImportReport report = importExcerpt("litellm-2026-07");
        assertEquals(32, report.loaded());
        assertCost("2.5", quote());
        assertEquals("litellm-2026-07", quote().catalogue());
        ServiceReference<PricingCatalog> imported = context.getServiceReferences(PricingCatalog.class,
                "(" + PricingCatalog.CATALOGUE_ID + "=litellm-2026-07)").iterator().next();
        assertEquals(-10, imported.getProperty(Constants.SERVICE_RANKING));

        register(catalogue("curated", "2.25"), 0);
        assertEquals("curated", quote().catalogue());

        // A restart: the component goes, a new one comes and finds the import in its data area.
        stop();
        registry = start(-10);
        assertEquals(PricingStatus.PRICED, registry.quote("anthropic", "claude-sonnet-4-20250514", MILLION_IN, NOW)
                .status());
        assertEquals("litellm-2026-07", registry.quote("xai", "grok-4", MILLION_IN, NOW).catalogue());
    }

    @Test
    public void reimportingTheSameIdReplacesTheEarlierImport() throws Exception {
        importExcerpt("litellm");
        String smaller = "{\"gpt-4o\": {\"litellm_provider\": \"openai\", \"mode\": \"chat\","
                + " \"input_cost_per_token\": 2e-06, \"output_cost_per_token\": 8e-06}}";
        ImportReport report = registry.importPrices("LiteLLM", "litellm", new StringReader(smaller));
        assertEquals(1, report.loaded());
        assertCost("2", quote());
        assertEquals(PricingStatus.UNPRICED, registry.quote("xai", "grok-4", MILLION_IN, NOW).status());
        assertEquals(1, context.getServiceReferences(PricingCatalog.class, null).size());
    }

    @Test
    public void aBadImportChangesNothing() throws IOException {
        importExcerpt("litellm");
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> registry.importPrices("litellm", "litellm", new StringReader("{\"gpt-4o\": {\n  \"input\" 1}}")));
        assertTrue(syntax.getMessage(), syntax.getMessage().contains("line 2"));
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class, () -> registry.importPrices(
                "litellm", "litellm", new StringReader("{\"free\": {\"litellm_provider\": \"x\", \"mode\": \"chat\","
                        + " \"input_cost_per_token\": 0, \"output_cost_per_token\": 0}}")));
        assertTrue(nothing.getMessage(), nothing.getMessage().contains("0/0"));
        assertThrows(IllegalArgumentException.class,
                () -> registry.importPrices("csv", "litellm", new StringReader("{}")));
        assertThrows(IllegalArgumentException.class,
                () -> registry.importPrices("litellm", "../etc/passwd", new StringReader("{}")));
        assertCost("2.5", quote());
        assertEquals(32, registry.models().stream().filter(m -> m.versionId().contains("@")).count());
    }

    @Test
    public void theImportRankingIsConfigurable() throws IOException {
        importExcerpt("litellm");
        register(catalogue("curated", "2.25"), 0);
        registry.modified(config(50));
        assertEquals("litellm", quote().catalogue());
    }

    @Test
    public void withoutEventAdminPricingStillWorks() {
        registry.unsetEventAdmin(events);
        register(catalogue("list", "2.50"), 0);
        assertCost("2.50", quote());
        assertTrue(events.posted.isEmpty());
        assertNull(registry.price("openai", "gpt-5", NOW).orElse(null));
        assertFalse(registry.models().isEmpty());
    }

    private ImportReport importExcerpt(String id) throws IOException {
        try (Reader reader = new InputStreamReader(getClass().getResourceAsStream("/litellm/excerpt.json"),
                StandardCharsets.UTF_8)) {
            return registry.importPrices("litellm", id, reader);
        }
    }
}
