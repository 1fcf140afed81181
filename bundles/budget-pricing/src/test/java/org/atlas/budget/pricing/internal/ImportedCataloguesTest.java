package org.atlas.budget.pricing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.testing.OsgiFramework;
import org.atlas.budget.pricing.testing.Prices;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Where imports are kept under Karaf: in {@code ${karaf.data}}, outside the OSGi bundle cache,
 * which may be deleted (start.sh does on every rebuild) without losing them.
 */
public class ImportedCataloguesTest {

    private final Path karafData = temporaryFolder();

    /** A framework launched with karaf.data, as Karaf's launcher sets it. */
    @Rule
    public final OsgiFramework osgi = new OsgiFramework(Map.of(ImportedCatalogues.KARAF_DATA, karafData.toString()));

    @After
    public void deleteKarafData() throws IOException {
        try (Stream<Path> paths = Files.walk(karafData)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    public void underKarafImportsAreKeptInKarafDataOutsideTheBundleCache() throws Exception {
        BundleContext context = osgi.context();
        ImportedCatalogues imports = new ImportedCatalogues(context, -10);
        imports.replace("litellm", List.of(Prices.model("openai", "gpt-4o").tokens("2.50", "10")
                .version("openai/gpt-4o@import", "2024-01-01T00:00:00Z").build()));
        Path kept = karafData.resolve("atlas-budget/pricing/imports/litellm.json");
        assertTrue("not kept in karaf.data: " + kept, Files.isRegularFile(kept));
        assertFalse("kept in the bundle cache", Files.exists(context.getDataFile("imports").toPath()));
        imports.close();

        // A new start, with the bundle cache gone or not, finds the import again.
        ImportedCatalogues restarted = new ImportedCatalogues(context, -10);
        restarted.restore();
        Collection<ServiceReference<PricingCatalog>> found = context.getServiceReferences(PricingCatalog.class,
                "(" + PricingCatalog.CATALOGUE_ID + "=litellm)");
        assertEquals(1, found.size());
        assertEquals("openai/gpt-4o@import", context.getService(found.iterator().next()).prices().get(0).versionId());
        restarted.close();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("karaf-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
