package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.atlas.budget.api.BudgetEvents;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.spi.PricingCatalog;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Pricing as the distribution runs it: the list prices that the feature ships, catalogue bundles
 * installed, updated, stopped and removed while Karaf runs, operator overrides through Config
 * Admin and through etc/, and LiteLLM imports through the {@link PricingRegistry} service.
 *
 * <p>Every price change is waited for by polling the registry; every rejection by polling
 * Karaf's log for the line that names it. Catalogue, model and configuration names carry a
 * random part, so the methods do not depend on their order.
 */
public class PricingIT extends AtlasBudgetTestSupport {

    private static final String PRICING_BUNDLE = "org.atlas.budget.pricing";
    private static final String LIST_PRICE_BUNDLE = "org.atlas.budget.pricing.catalog";
    private static final String LIST_PRICES = "atlas-list-prices";
    private static final String GPT_4O_LIST_VERSION = "openai/gpt-4o@2024-10-03";
    private static final String OVERRIDE_PID = "org.atlas.budget.pricing.override";
    /** The entry of the catalogue file in the bundles this test builds. */
    private static final String CATALOGUE_ENTRY = "catalogue/test.json";
    /** Event property with the catalogue id (PricingRegistryImpl.PROP_CATALOGUE; not part of the API). */
    private static final String EVENT_CATALOGUE = "catalogue";

    /**
     * One call: 12,000 prompt tokens, 2,000 of them read from the cache, and 3,000 output tokens.
     * At rates (input, cacheRead, output) per 1M tokens it costs
     * (10,000 x input + 2,000 x cacheRead + 3,000 x output) / 1,000,000, exactly.
     */
    private static final Usage USAGE = Usage.builder().inputTokens(12_000).cacheReadTokens(2_000)
            .outputTokens(3_000).build();

    /**
     * gpt-4o at the list price since 2024-10-03 ($2.50 input, $1.25 cache read, $10.00 output):
     * 10,000 x 2.50 + 2,000 x 1.25 + 3,000 x 10.00 = 25,000 + 2,500 + 30,000 = 57,500 per 1M = $0.0575.
     */
    private static final String GPT_4O_LIST_COST = "0.0575";

    /** Rates per 1M tokens, as decimal strings. */
    private record Rates(String input, String cacheRead, String output) {
    }

    /** Unique per test method: JUnit makes a new instance for each. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private ServiceTracker<PricingRegistry, PricingRegistry> registry;

    @Before
    public void trackRegistry() {
        registry = new ServiceTracker<>(bundleContext, PricingRegistry.class, null);
        registry.open();
    }

    @After
    public void closeRegistry() {
        registry.close();
    }

    // ------------------------------------------------------------------------ the shipped prices

    @Test
    public void shippedListPricesAreInForce() throws Exception {
        Bundle pricingBundle = findBundle(PRICING_BUNDLE).orElseThrow(() -> new AssertionError(PRICING_BUNDLE));
        Bundle listPriceBundle = findBundle(LIST_PRICE_BUNDLE)
                .orElseThrow(() -> new AssertionError(LIST_PRICE_BUNDLE));
        awaitCondition("the pricing bundles ACTIVE; now " + describe(pricingBundle) + ", " + describe(listPriceBundle),
                DEFAULT_TIMEOUT, () -> pricingBundle.getState() == Bundle.ACTIVE
                        && listPriceBundle.getState() == Bundle.ACTIVE);

        pricing();
        ServiceReference<PricingRegistry> registryReference = bundleContext.getServiceReference(PricingRegistry.class);
        assertEquals(PRICING_BUNDLE, registryReference.getBundle().getSymbolicName());
        // The extender registers the list prices through the data bundle's own context, at ranking 0.
        ServiceReference<PricingCatalog> listPrices = awaitCatalogue(LIST_PRICES);
        assertEquals(listPriceBundle.getBundleId(), listPrices.getBundle().getBundleId());
        assertEquals(0, listPrices.getProperty(Constants.SERVICE_RANKING));

        Quote quote = awaitQuote("gpt-4o at the list price", "openai", "gpt-4o",
                priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
        assertEquals("gpt-4o", quote.model());
        assertEquals("USD", quote.currency().getCurrencyCode());
        assertEquals(0, new BigDecimal("0.0575").compareTo(quote.settledCost().amount()));
        // The provider-prefixed id is an alias of the same price.
        assertPriced(quote("openai", "openai/gpt-4o"), LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST);

        // Effective dating: in June 2024 the first version was in force ($5.00 input, $15.00 output,
        // no cache-read rate, so cached tokens are billed as input):
        // 12,000 x 5.00 + 3,000 x 15.00 = 60,000 + 45,000 = 105,000 per 1M = $0.105.
        assertPriced(pricing().quote("openai", "gpt-4o", USAGE, Instant.parse("2024-06-01T00:00:00Z")),
                LIST_PRICES, "openai/gpt-4o@2024-05-13", "0.105");
        // Before the first version: unpriced, not free.
        assertUnpriced(pricing().quote("openai", "gpt-4o", USAGE, Instant.parse("2024-05-12T23:59:59Z")));

        // An unknown model is UNPRICED with a reason, never $0, and never priced by a prefix.
        Quote unknown = quote("openai", "gpt-4o-itest-" + run);
        assertUnpriced(unknown);
        assertNotNull("an unpriced quote says why", unknown.reason());
        assertUnpriced(quote("itest", "itest-model-" + run));
    }

    // ------------------------------------------------------------------------ catalogue bundles

    @Test
    public void catalogueBundleIsSwappedInAndOutWhileKarafRuns() throws Exception {
        String catalogueId = "itest-catalogue-" + run;
        String model = "itest-model-" + run;
        String symbolicName = "itest.catalogue." + run;
        long registryServiceId = serviceId(awaitRegistryReference());
        Bundle pricingBundle = findBundle(PRICING_BUNDLE).orElseThrow();

        List<String> events = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> handler = recordPricingEvents(catalogueId, events);
        Bundle bundle = bundleContext.installBundle("itest:" + symbolicName,
                catalogueBundle(symbolicName, "1.0.0", catalogueJson(catalogueId, model, "v1",
                        new Rates("1.00", "0.10", "2.00"), new Rates("2.00", "1.00", "8.00"))));
        try {
            // Installed is not enough: the extender reads a catalogue when its bundle is ACTIVE.
            assertNull(catalogueService(catalogueId));
            assertUnpriced(quote("itest", model));

            bundle.start();
            // itest v1: 10,000 x 1.00 + 2,000 x 0.10 + 3,000 x 2.00 = 16,200 per 1M = $0.0162
            awaitQuote("the fictional model at v1", "itest", model, priced(catalogueId, "itest/" + model + "@v1",
                    "0.0162"));
            // gpt-4o v1 at ranking 100 beats the list prices at ranking 0:
            // 10,000 x 2.00 + 2,000 x 1.00 + 3,000 x 8.00 = 46,000 per 1M = $0.046
            awaitQuote("gpt-4o at v1 of the test catalogue", "openai", "gpt-4o", priced(catalogueId,
                    "itest/gpt-4o@v1", "0.046"));
            ServiceReference<PricingCatalog> reference = awaitCatalogue(catalogueId);
            assertEquals("registered through the catalogue bundle's own context", bundle.getBundleId(),
                    reference.getBundle().getBundleId());
            assertEquals(100, reference.getProperty(Constants.SERVICE_RANKING));

            bundle.update(catalogueBundle(symbolicName, "2.0.0", catalogueJson(catalogueId, model, "v2",
                    new Rates("3.00", "0.30", "4.00"), new Rates("2.25", "1.125", "9.00"))));
            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertEquals("2.0.0", bundle.getVersion().toString());
            // itest v2: 10,000 x 3.00 + 2,000 x 0.30 + 3,000 x 4.00 = 42,600 per 1M = $0.0426
            awaitQuote("the fictional model at v2", "itest", model, priced(catalogueId, "itest/" + model + "@v2",
                    "0.0426"));
            // gpt-4o v2: 10,000 x 2.25 + 2,000 x 1.125 + 3,000 x 9.00 = 51,750 per 1M = $0.05175
            awaitQuote("gpt-4o at v2 of the test catalogue", "openai", "gpt-4o", priced(catalogueId,
                    "itest/gpt-4o@v2", "0.05175"));
            // No restart of anything: the same registry service in the same, still active bundle.
            assertEquals(registryServiceId, serviceId(awaitRegistryReference()));
            assertEquals(Bundle.ACTIVE, pricingBundle.getState());

            bundle.stop();
            awaitQuote("the fictional model unpriced once its bundle stopped", "itest", model, q -> !q.isPriced());
            awaitQuote("gpt-4o back at the list price", "openai", "gpt-4o",
                    priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
            assertNull(catalogueService(catalogueId));

            bundle.start();
            awaitQuote("the fictional model at v2 again", "itest", model, priced(catalogueId, "itest/" + model + "@v2",
                    "0.0426"));
            awaitQuote("gpt-4o at v2 again", "openai", "gpt-4o", priced(catalogueId, "itest/gpt-4o@v2", "0.05175"));

            bundle.uninstall();
            awaitQuote("the fictional model gone with its bundle", "itest", model, q -> !q.isPriced());
            awaitQuote("gpt-4o at the list price after the uninstall", "openai", "gpt-4o",
                    priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
            assertNull(catalogueService(catalogueId));

            // An update stops the bundle, then starts it with the new file: removed, then added.
            List<String> expected = List.of("added", "removed", "added", "removed", "added", "removed");
            awaitCondition("pricing events " + expected + " for " + catalogueId + "; now " + events, DEFAULT_TIMEOUT,
                    () -> expected.equals(events));
        } finally {
            handler.unregister();
            uninstallIfInstalled(bundle);
        }
    }

    @Test
    public void malformedCatalogueUpdateIsRejectedAndThePricesInForceStay() throws Exception {
        String catalogueId = "itest-malformed-" + run;
        String model = "itest-model-" + run;
        String symbolicName = "itest.malformed." + run;
        String v1 = catalogueJson(catalogueId, model, "v1", new Rates("1.00", "0.10", "2.00"),
                new Rates("2.00", "1.00", "8.00"));
        String v2 = catalogueJson(catalogueId, model, "v2", new Rates("3.00", "0.30", "4.00"),
                new Rates("2.25", "1.125", "9.00"));
        Bundle bundle = bundleContext.installBundle("itest:" + symbolicName, catalogueBundle(symbolicName, "1.0.0", v1));
        try {
            bundle.start();
            awaitV1(catalogueId, model);

            // Not JSON: a doubled comma on line 3.
            String notJson = v1.replaceFirst("\"currency\": \"USD\",", "\"currency\": \"USD\",,");
            assertNotEquals(v1, notJson);
            bundle.update(catalogueBundle(symbolicName, "2.0.0", notJson));
            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertEquals("2.0.0", bundle.getVersion().toString());
            String updated = "bundle " + symbolicName + " 2.0.0 [" + bundle.getBundleId() + "]";
            awaitLogLine("the rejection of the unreadable file, naming the bundle, the entry and the position",
                    "Rejected price catalogue of " + updated, CATALOGUE_ENTRY + ": not valid JSON", "line 3");
            awaitLogLine("the earlier catalogue staying in force", updated, "'" + catalogueId + "'", "stays in force");
            awaitV1(catalogueId, model);

            // Valid JSON, but a negative price in gpt-4o's version: the whole file is rejected, the
            // fictional model's good v2 entry included.
            String negative = v2.replace("\"output\": \"9.00\"", "\"output\": \"-9.00\"");
            assertNotEquals(v2, negative);
            bundle.update(catalogueBundle(symbolicName, "3.0.0", negative));
            assertEquals(Bundle.ACTIVE, bundle.getState());
            updated = "bundle " + symbolicName + " 3.0.0 [" + bundle.getBundleId() + "]";
            awaitLogLine("the rejection of the negative price, naming the bundle, the entry and the field",
                    "Rejected price catalogue of " + updated,
                    CATALOGUE_ENTRY + " models[1] (openai/gpt-4o) versions[0] (id itest/gpt-4o@v2) tokens",
                    "field 'output': must not be negative, was -9.00");
            awaitLogLine("the earlier catalogue staying in force", updated, "'" + catalogueId + "'", "stays in force");
            awaitV1(catalogueId, model);

            // A good file after the bad ones is taken at once.
            bundle.update(catalogueBundle(symbolicName, "4.0.0", v2));
            awaitQuote("the fictional model at v2", "itest", model, priced(catalogueId, "itest/" + model + "@v2",
                    "0.0426"));
            awaitQuote("gpt-4o at v2", "openai", "gpt-4o", priced(catalogueId, "itest/gpt-4o@v2", "0.05175"));
        } finally {
            uninstallIfInstalled(bundle);
        }
        awaitQuote("gpt-4o at the list price after the uninstall", "openai", "gpt-4o",
                priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
    }

    @Test
    public void catalogueBundleDroppedIntoDeployIsInForceUntilItsFileIsDeleted() throws Exception {
        String catalogueId = "itest-deployed-" + run;
        String model = "itest-model-" + run;
        String symbolicName = "itest.deployed." + run;
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        Path jar = deploy.resolve(symbolicName + ".jar");
        deploy(jar, catalogueBundle(symbolicName, "1.0.0", catalogueJson(catalogueId, model, "v1",
                new Rates("1.00", "0.10", "2.00"), new Rates("2.00", "1.00", "8.00"))));
        try {
            awaitV1(catalogueId, model);
            // Replacing the jar updates the bundle.
            deploy(jar, catalogueBundle(symbolicName, "2.0.0", catalogueJson(catalogueId, model, "v2",
                    new Rates("3.00", "0.30", "4.00"), new Rates("2.25", "1.125", "9.00"))));
            awaitQuote("the fictional model at v2", "itest", model, priced(catalogueId, "itest/" + model + "@v2",
                    "0.0426"));
            awaitQuote("gpt-4o at v2", "openai", "gpt-4o", priced(catalogueId, "itest/gpt-4o@v2", "0.05175"));
        } finally {
            Files.deleteIfExists(jar);
        }
        awaitQuote("the fictional model gone with its jar", "itest", model, q -> !q.isPriced());
        awaitQuote("gpt-4o at the list price again", "openai", "gpt-4o",
                priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
    }

    @Test
    public void catalogueBundleInstalledFromTheShellIsInForceUntilUninstalled() throws Exception {
        String catalogueId = "itest-shell-" + run;
        String model = "itest-model-" + run;
        String symbolicName = "itest.shell." + run;
        Path jar = Files.createTempFile(Paths.get(System.getProperty("karaf.data")), symbolicName, ".jar");
        try {
            try (InputStream in = catalogueBundle(symbolicName, "1.0.0", catalogueJson(catalogueId, model, "v1",
                    new Rates("1.00", "0.10", "2.00"), new Rates("2.00", "1.00", "8.00")))) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            executeCommand("bundle:install -s " + jar.toUri());
            awaitV1(catalogueId, model);
            Bundle bundle = findBundle(symbolicName).orElseThrow(() -> new AssertionError(symbolicName));
            executeCommand("bundle:uninstall " + bundle.getBundleId());
            awaitQuote("the fictional model gone with its bundle", "itest", model, q -> !q.isPriced());
            awaitQuote("gpt-4o at the list price again", "openai", "gpt-4o",
                    priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
        } finally {
            findBundle(symbolicName).ifPresent(bundle -> {
                try {
                    uninstallIfInstalled(bundle);
                } catch (BundleException e) {
                    throw new IllegalStateException("cannot uninstall " + describe(bundle), e);
                }
            });
            Files.deleteIfExists(jar);
        }
    }

    // ------------------------------------------------------------------------ operator overrides

    @Test
    public void operatorOverrideTakesEffectLiveBeatsTheCatalogueAndGoesWithItsConfiguration() throws Exception {
        String overrideId = "override:openai/gpt-4o";
        awaitQuote("gpt-4o at the list price", "openai", "gpt-4o",
                priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));

        // Location null: bound to whichever bundle consumes it (the pricing bundle), not to this probe.
        Configuration override = configurationAdmin.createFactoryConfiguration(OVERRIDE_PID, null);
        try {
            override.update(overrideProperties("openai", "gpt-4o", "2.10", "1.05", "8.40"));
            // 10,000 x 2.10 + 2,000 x 1.05 + 3,000 x 8.40 = 21,000 + 2,100 + 25,200 = 48,300 per 1M = $0.0483
            Quote first = awaitQuote("gpt-4o at the override", "openai", "gpt-4o", pricedBy(overrideId, "0.0483"));
            assertTrue(first.priceVersion(), first.priceVersion().startsWith(overrideId + "@1970-01-01T00:00:00Z#"));
            ServiceReference<PricingCatalog> reference = awaitCatalogue(overrideId);
            assertEquals(Integer.MAX_VALUE, reference.getProperty(Constants.SERVICE_RANKING));
            assertEquals(PRICING_BUNDLE, reference.getBundle().getSymbolicName());

            // Editing a rate in place takes effect live, under a new version id.
            override.update(overrideProperties("openai", "gpt-4o", "2.10", "1.05", "8.80"));
            // 21,000 + 2,100 + 3,000 x 8.80 (26,400) = 49,500 per 1M = $0.0495
            Quote edited = awaitQuote("gpt-4o at the edited override", "openai", "gpt-4o",
                    pricedBy(overrideId, "0.0495"));
            assertNotEquals(first.priceVersion(), edited.priceVersion());

            // A bad value is refused; the override in force stays.
            Dictionary<String, Object> notANumber = overrideProperties("openai", "gpt-4o", "abc", "1.05", "8.80");
            override.update(notANumber);
            awaitLogLine("the refusal of input = abc, naming the PID and the key",
                    "The change to price override " + override.getPid() + " is refused", "key 'input'", "'abc'");
            assertPriced(quote("openai", "gpt-4o"), overrideId, edited.priceVersion(), "0.0495");

            // So is an unknown key (a typo would otherwise leave a rate at its default).
            Dictionary<String, Object> typo = overrideProperties("openai", "gpt-4o", "2.10", "1.05", "8.80");
            typo.put("cacheRaed", "0.50");
            override.update(typo);
            awaitLogLine("the refusal of the unknown key, naming the PID and the key",
                    "The change to price override " + override.getPid() + " is refused", "key 'cacheRaed'",
                    "unknown key");
            assertPriced(quote("openai", "gpt-4o"), overrideId, edited.priceVersion(), "0.0495");

            // An override that is bad from the start is not in force and changes nothing.
            Configuration broken = configurationAdmin.createFactoryConfiguration(OVERRIDE_PID, null);
            try {
                broken.update(overrideProperties("openai", "gpt-4o-mini", "abc", "", "0.60"));
                awaitLogLine("the rejection of the bad override, naming the PID and the key",
                        "Price override " + broken.getPid() + " is not in force", "key 'input'", "'abc'");
                assertNull(catalogueService("override:openai/gpt-4o-mini"));
                Quote mini = quote("openai", "gpt-4o-mini");
                assertTrue(String.valueOf(mini), mini.isPriced());
                assertEquals(LIST_PRICES, mini.catalogue());
                assertPriced(quote("openai", "gpt-4o"), overrideId, edited.priceVersion(), "0.0495");
            } finally {
                broken.delete();
            }

            override.delete();
            override = null;
            awaitQuote("gpt-4o back at the list price once the override is deleted", "openai", "gpt-4o",
                    priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
            assertNull(catalogueService(overrideId));
        } finally {
            if (override != null) {
                override.delete();
            }
        }
    }

    @Test
    public void overrideFileInEtcIsInForceUntilTheFileIsDeleted() throws Exception {
        String model = "itest-etc-" + run;
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path file = etc.resolve(OVERRIDE_PID + "-itest" + run + ".cfg");
        // The example of docs/pricing.md, for a model of its own.
        String text = String.join(System.lineSeparator(),
                "provider = itest",
                "model = " + model,
                "input = 2.25",
                "output = 9.00",
                "cacheRead = 1.125",
                "# optional: mode (CHAT), currency (USD), effectiveFrom (1970-01-01T00:00:00Z),",
                "");
        // Written under a name the etc/ watcher ignores, then moved in whole.
        Path partial = etc.resolve(file.getFileName() + ".part");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        try {
            // 10,000 x 2.25 + 2,000 x 1.125 + 3,000 x 9.00 = 22,500 + 2,250 + 27,000 = 51,750 per 1M = $0.05175
            Quote quote = awaitQuote("the override from etc/ in force", "itest", model,
                    pricedBy("override:itest/" + model, "0.05175"));
            assertTrue(quote.priceVersion(), quote.priceVersion().startsWith("override:itest/" + model + "@"));
        } finally {
            Files.deleteIfExists(file);
        }
        awaitQuote("the override gone with its file", "itest", model, q -> !q.isPriced());
    }

    // ------------------------------------------------------------------------ LiteLLM imports

    @Test
    public void liteLlmImportLoadsSkipsAndRejectsAndIsKeptOutsideTheBundleCache() throws Exception {
        String catalogueId = "itest-litellm-" + run;
        ImportReport report;
        try (Reader excerpt = resource("/litellm/excerpt.json")) {
            report = pricing().importPrices("litellm", catalogueId, excerpt);
        }
        assertEquals(catalogueId, report.catalogue());
        assertEquals(2, report.loaded());
        Map<String, String> skipped = reasons(report.skipped());
        Map<String, String> rejected = reasons(report.rejected());
        assertEquals(Set.of("sample_spec", "github_copilot/gpt-4o"), skipped.keySet());
        assertEquals(Set.of("wandb/openai/gpt-oss-120b", "codestral/codestral-latest"), rejected.keySet());
        assertTrue(skipped.get("github_copilot/gpt-4o"), skipped.get("github_copilot/gpt-4o").contains("no price at all"));
        assertTrue(rejected.get("wandb/openai/gpt-oss-120b"),
                rejected.get("wandb/openai/gpt-oss-120b").contains("plausibility limit"));
        assertTrue(rejected.get("codestral/codestral-latest"),
                rejected.get("codestral/codestral-latest").contains("0/0"));

        // mistral-large-latest is in no curated catalogue: the import prices it. $0.50 input,
        // $1.50 output, no cache-read rate, so the cached tokens are billed as input:
        // 12,000 x 0.50 + 3,000 x 1.50 = 6,000 + 4,500 = 10,500 per 1M = $0.0105
        Quote imported = awaitQuote("mistral-large-latest from the import", "mistral", "mistral-large-latest",
                pricedBy(catalogueId, "0.0105"));
        assertTrue(imported.priceVersion(), imported.priceVersion().startsWith("mistral/mistral-large-latest@"));
        assertPriced(quote("mistral", "mistral/mistral-large-latest"), catalogueId, imported.priceVersion(),
                "0.0105");
        // Rejected entries are unknown, hence unpriced; the import ranks below the list prices.
        assertUnpriced(quote("codestral", "codestral-latest"));
        assertPriced(quote("openai", "gpt-4o"), LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST);
        ServiceReference<PricingCatalog> reference = awaitCatalogue(catalogueId);
        assertEquals(-10, reference.getProperty(Constants.SERVICE_RANKING));

        // Kept in data/atlas-budget/pricing/imports: outside the bundle cache (data/cache), which
        // start.sh deletes on every rebuild.
        Bundle pricingBundle = findBundle(PRICING_BUNDLE).orElseThrow();
        Path kept = Paths.get(System.getProperty("karaf.data"), "atlas-budget", "pricing", "imports",
                catalogueId + ".json");
        assertTrue("no file " + kept, Files.isRegularFile(kept));
        assertFalse("an import in the bundle cache", Files.exists(pricingBundle.getBundleContext()
                .getDataFile("imports/" + catalogueId + ".json").toPath()));
        byte[] keptBytes = Files.readAllBytes(kept);
        String keptText = new String(keptBytes, StandardCharsets.UTF_8);
        assertTrue(keptText, keptText.contains(catalogueId) && keptText.contains("mistral-large-latest"));

        // A file that is not JSON (a download cut short) is refused and changes nothing.
        String excerpt;
        try (Reader reader = resource("/litellm/excerpt.json")) {
            excerpt = read(reader);
        }
        String truncated = excerpt.substring(0, excerpt.length() / 2);
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> pricing().importPrices("litellm", catalogueId, new StringReader(truncated)));
        assertTrue(notJson.getMessage(), notJson.getMessage().contains("not valid JSON"));
        // So is a file from which nothing can be loaded, and a format the registry does not know.
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> pricing().importPrices("litellm", catalogueId, new StringReader("{}")));
        assertTrue(empty.getMessage(), empty.getMessage().contains("no model could be loaded"));
        assertThrows(IllegalArgumentException.class,
                () -> pricing().importPrices("csv", catalogueId, new StringReader(excerpt)));
        assertPriced(quote("mistral", "mistral-large-latest"), catalogueId, imported.priceVersion(), "0.0105");
        assertTrue("the kept import changed", Arrays.equals(keptBytes, Files.readAllBytes(kept)));

        // A restart of the pricing bundle brings the import back from its data area.
        pricingBundle.stop(Bundle.STOP_TRANSIENT);
        try {
            awaitCondition("no PricingRegistry while the pricing bundle is stopped", DEFAULT_TIMEOUT,
                    () -> registry.getService() == null);
        } finally {
            pricingBundle.start(Bundle.START_TRANSIENT);
        }
        awaitQuote("mistral-large-latest from the import after a restart", "mistral", "mistral-large-latest",
                priced(catalogueId, imported.priceVersion(), "0.0105"));
        awaitQuote("gpt-4o at the list price after a restart", "openai", "gpt-4o",
                priced(LIST_PRICES, GPT_4O_LIST_VERSION, GPT_4O_LIST_COST));
    }

    // ------------------------------------------------------------------------ helpers

    private PricingRegistry pricing() {
        try {
            PricingRegistry service = registry.waitForService(DEFAULT_TIMEOUT.toMillis());
            if (service == null) {
                throw new AssertionError("No PricingRegistry within " + DEFAULT_TIMEOUT.toSeconds() + " s");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the PricingRegistry", e);
        }
    }

    private ServiceReference<PricingRegistry> awaitRegistryReference() {
        pricing();
        ServiceReference<PricingRegistry> reference = registry.getServiceReference();
        assertNotNull("no PricingRegistry", reference);
        return reference;
    }

    private Quote quote(String provider, String model) {
        return pricing().quote(provider, model, USAGE, Instant.now());
    }

    /** Polls the quote of {@link #USAGE} now until it satisfies the condition; returns that quote. */
    private Quote awaitQuote(String description, String provider, String model, Predicate<Quote> condition) {
        AtomicReference<Quote> last = new AtomicReference<>();
        try {
            awaitCondition(description, DEFAULT_TIMEOUT, () -> {
                last.set(quote(provider, model));
                return condition.test(last.get());
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last quote: " + last.get(), e);
        }
        return last.get();
    }

    /** The fictional model and gpt-4o at v1 of a test catalogue (see the hot-swap test for the sums). */
    private void awaitV1(String catalogueId, String model) {
        awaitQuote("the fictional model at v1", "itest", model, priced(catalogueId, "itest/" + model + "@v1", "0.0162"));
        awaitQuote("gpt-4o at v1", "openai", "gpt-4o", priced(catalogueId, "itest/gpt-4o@v1", "0.046"));
    }

    private static Predicate<Quote> priced(String catalogue, String version, String cost) {
        return quote -> pricedBy(catalogue, cost).test(quote) && version.equals(quote.priceVersion());
    }

    private static Predicate<Quote> pricedBy(String catalogue, String cost) {
        return quote -> quote.status() == PricingStatus.PRICED && catalogue.equals(quote.catalogue())
                && new BigDecimal(cost).compareTo(quote.exactCost()) == 0;
    }

    private static void assertPriced(Quote quote, String catalogue, String version, String cost) {
        assertTrue("expected " + catalogue + " " + version + " " + cost + ", was " + quote,
                priced(catalogue, version, cost).test(quote));
    }

    private static void assertUnpriced(Quote quote) {
        assertEquals(String.valueOf(quote), PricingStatus.UNPRICED, quote.status());
        assertNull(quote.exactCost());
    }

    /** The catalogue service with this id, or null. */
    private ServiceReference<PricingCatalog> catalogueService(String catalogueId) {
        try {
            Collection<ServiceReference<PricingCatalog>> references = bundleContext.getServiceReferences(
                    PricingCatalog.class, "(" + PricingCatalog.CATALOGUE_ID + "=" + catalogueId + ")");
            assertTrue("more than one catalogue " + catalogueId, references.size() <= 1);
            return references.isEmpty() ? null : references.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(catalogueId, e);
        }
    }

    private ServiceReference<PricingCatalog> awaitCatalogue(String catalogueId) {
        awaitCondition("catalogue service " + catalogueId, DEFAULT_TIMEOUT, () -> catalogueService(catalogueId) != null);
        return catalogueService(catalogueId);
    }

    /** Writes the jar beside the deploy folder, then moves it in: the deployer never sees half a jar. */
    private static void deploy(Path jar, InputStream content) throws IOException {
        Path partial = Files.createTempFile(Paths.get(System.getProperty("karaf.data")), "itest", ".part");
        try (InputStream in = content) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    private static void uninstallIfInstalled(Bundle bundle) throws BundleException {
        if (bundle.getState() != Bundle.UNINSTALLED) {
            bundle.uninstall();
        }
    }

    /** Collects the {@code change} of every pricing event about one catalogue, in order. */
    private ServiceRegistration<EventHandler> recordPricingEvents(String catalogueId, List<String> changes) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, BudgetEvents.PRICING_CHANGED);
        properties.put(EventConstants.EVENT_FILTER, "(" + EVENT_CATALOGUE + "=" + catalogueId + ")");
        return bundleContext.registerService(EventHandler.class,
                event -> changes.add(String.valueOf(event.getProperty(BudgetEvents.PROP_CHANGE))), properties);
    }

    /**
     * A catalogue bundle as a third party would ship one: a manifest with the header and one JSON
     * file, no code.
     */
    private static InputStream catalogueBundle(String symbolicName, String version, String json) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, version);
        main.putValue("Atlas-Budget-Catalogue", CATALOGUE_ENTRY + ";ranking:=100");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("catalogue/"));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry(CATALOGUE_ENTRY));
            jar.write(json.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /**
     * A catalogue with the fictional model {@code itest/<model>} and openai/gpt-4o, one version
     * each with the id {@code <provider>/<model>@<tag>}, in force since 2020.
     */
    private static String catalogueJson(String catalogueId, String model, String tag, Rates itest, Rates gpt4o) {
        return String.join("\n",
                "{",
                "  \"catalogue\": \"" + catalogueId + "\",",
                "  \"currency\": \"USD\",",
                "  \"models\": [",
                modelJson("itest", model, "itest/" + model + "@" + tag, itest) + ",",
                modelJson("openai", "gpt-4o", "itest/gpt-4o@" + tag, gpt4o),
                "  ]",
                "}",
                "");
    }

    private static String modelJson(String provider, String model, String versionId, Rates rates) {
        return String.join("\n",
                "    {",
                "      \"provider\": \"" + provider + "\",",
                "      \"model\": \"" + model + "\",",
                "      \"mode\": \"CHAT\",",
                "      \"versions\": [",
                "        {",
                "          \"id\": \"" + versionId + "\",",
                "          \"effectiveFrom\": \"2020-01-01T00:00:00Z\",",
                "          \"tokens\": { \"input\": \"" + rates.input() + "\", \"output\": \"" + rates.output()
                        + "\", \"cacheRead\": \"" + rates.cacheRead() + "\" }",
                "        }",
                "      ]",
                "    }");
    }

    /** An override configuration as the etc/ files give it: every value a String. */
    private static Dictionary<String, Object> overrideProperties(String provider, String model, String input,
            String cacheRead, String output) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("provider", provider);
        properties.put("model", model);
        properties.put("input", input);
        properties.put("output", output);
        if (!cacheRead.isEmpty()) {
            properties.put("cacheRead", cacheRead);
        }
        return properties;
    }

    /** Test data on the probe's class path (src/test/resources). */
    private static Reader resource(String path) {
        InputStream in = PricingIT.class.getResourceAsStream(path);
        assertNotNull("test resource " + path + " is not in the probe bundle", in);
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String read(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    private static Map<String, String> reasons(List<ImportReport.Entry> entries) {
        return entries.stream().collect(Collectors.toMap(ImportReport.Entry::key, ImportReport.Entry::reason));
    }
}
