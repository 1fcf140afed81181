package org.atlas.budget.pricing.internal;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;
import org.atlas.budget.pricing.internal.json.CatalogueFileWriter;
import org.atlas.budget.pricing.internal.litellm.LiteLlmImporter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imported catalogues: kept in this bundle's data area so that they survive a restart, and
 * registered as {@link PricingCatalog} services so that the registry treats them like every other
 * catalogue (one precedence rule, one validation, one event).
 *
 * <p>Each import is one file {@code imports/<id>.json} in the catalogue format of
 * docs/catalogue-format.md, written to a temporary file and moved into place, so a crash never
 * leaves half a catalogue. Imports rank {@code importRanking} (default -10): below curated
 * catalogues (0 and up), because community data is the fallback, not the authority; overrides
 * rank above everything.
 *
 * <p>In Karaf the files live in {@code ${karaf.data}/atlas-budget/pricing/imports}, not in the
 * bundle's data area: that area is inside the OSGi bundle cache ({@code data/cache}), which is
 * disposable (start.sh deletes it on every rebuild so that the new bundles run, and Karaf
 * rebuilds it from {@code system/}), so imports kept there would vanish with it. Outside Karaf
 * (no {@code karaf.data} property) the bundle's data area is used.
 */
final class ImportedCatalogues {

    private static final Logger LOG = LoggerFactory.getLogger(ImportedCatalogues.class);

    /** Import ids become file names: a small, safe alphabet. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final String SUFFIX = ".json";
    /** Karaf's data folder (a system property, so visible through the framework's properties). */
    static final String KARAF_DATA = "karaf.data";

    private final BundleContext context;
    private final Map<String, ServiceRegistration<PricingCatalog>> registrations = new HashMap<>();
    private int ranking;

    ImportedCatalogues(BundleContext context, int ranking) {
        this.context = context;
        this.ranking = ranking;
    }

    static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an import's catalogue id must be 1 to 100 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit; was '" + id + "'");
        }
        return id;
    }

    /** Registers every import kept from earlier runs; a damaged file is logged and left alone. */
    synchronized void restore() {
        Path directory = directory();
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            LOG.error("Cannot list the imported price catalogues in {}; none are in force", directory, e);
            return;
        }
        files.sort(null);
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                CatalogueFile catalogue = CatalogueFileReader.read(reader, file.toString());
                register(catalogue.id(), catalogue.prices());
            } catch (IOException | IllegalArgumentException e) {
                LOG.error("Imported price catalogue {} cannot be read and is not in force: {}", file, e.getMessage(), e);
            }
        }
    }

    /** Keeps and registers an import, replacing an earlier import of the same id. */
    synchronized void replace(String id, List<ModelPrice> prices) {
        persist(new CatalogueFile(requireValidId(id), LiteLlmImporter.CURRENCY, prices));
        register(id, prices);
    }

    /** Applies a new ranking to every import. */
    synchronized void rank(int newRanking) {
        if (newRanking == ranking) {
            return;
        }
        ranking = newRanking;
        registrations.forEach((id, registration) -> registration.setProperties(properties(id)));
    }

    /** Unregisters every import; the files stay for the next start. */
    synchronized void close() {
        registrations.values().forEach(ImportedCatalogues::unregister);
        registrations.clear();
    }

    /** New service first, old one after: the prices never drop out in between. */
    private void register(String id, List<ModelPrice> prices) {
        ServiceRegistration<PricingCatalog> fresh = context.registerService(PricingCatalog.class,
                new StaticCatalogue(id, prices), properties(id));
        ServiceRegistration<PricingCatalog> old = registrations.put(id, fresh);
        if (old != null) {
            unregister(old);
        }
    }

    private Dictionary<String, Object> properties(String id) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PricingCatalog.CATALOGUE_ID, id);
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    private void persist(CatalogueFile catalogue) {
        Path directory = directory();
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(catalogue.id() + SUFFIX);
            Path temporary = Files.createTempFile(directory, catalogue.id(), ".tmp");
            try {
                try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    CatalogueFileWriter.write(catalogue, writer);
                }
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    LOG.debug("Atomic move not supported in {}; replacing {} without it", directory, target, e);
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the imported catalogue " + catalogue.id() + " in " + directory, e);
        }
    }

    private Path directory() {
        String karafData = context.getProperty(KARAF_DATA);
        if (karafData != null && !karafData.isBlank()) {
            return Paths.get(karafData.strip(), "atlas-budget", "pricing", "imports");
        }
        File data = context.getDataFile("imports");
        if (data == null) {
            throw new IllegalStateException("the framework gives the pricing bundle no data area;"
                    + " imported catalogues cannot be kept");
        }
        return data.toPath();
    }

    private static void unregister(ServiceRegistration<PricingCatalog> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // Already gone: the framework unregisters a stopping bundle's services itself.
            LOG.debug("Imported catalogue service was already unregistered", e);
        }
    }
}
