package org.atlas.budget.pricing.internal.extender;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.internal.StaticCatalogue;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the extender does with each active bundle: if it carries an {@value CatalogueHeader#NAME}
 * header, read and validate the file and register a {@link PricingCatalog} through the
 * <em>bundle's own</em> context, so the catalogue lives exactly as long as the bundle is active,
 * even if the extender itself misses the stop.
 *
 * <p>A file that fails validation is rejected whole and logged with the bundle, the entry and the
 * field. The prices in force before stay in force: when an active bundle is modified, its current
 * registration is simply kept; when a bundle is updated (stopped, then started with the new file),
 * the catalogue it last offered successfully is registered again from memory.
 */
final class CatalogueBundles implements BundleTrackerCustomizer<CatalogueBundles.Tracked> {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueBundles.class);

    private final BundleContext extenderContext;
    /** The last catalogue each bundle offered successfully, by bundle id (stable across updates). */
    private final Map<Long, Loaded> lastGood = new ConcurrentHashMap<>();

    CatalogueBundles(BundleContext extenderContext) {
        this.extenderContext = extenderContext;
    }

    /** A catalogue read from a bundle, and the bundle's state it was read from. */
    private record Loaded(CatalogueFile file, int ranking, long lastModified, String path) {
    }

    /** A tracked catalogue bundle: its current registration, if any. */
    static final class Tracked {
        private ServiceRegistration<PricingCatalog> registration;
        private long lastModified;
    }

    @Override
    public Tracked addingBundle(Bundle bundle, BundleEvent event) {
        forgetUninstalledBundles();
        String header = bundle.getHeaders("").get(CatalogueHeader.NAME);
        if (header == null) {
            return null;
        }
        Tracked tracked = new Tracked();
        synchronized (tracked) {
            tracked.lastModified = bundle.getLastModified();
            Loaded loaded = load(bundle, header);
            if (loaded == null) {
                loaded = lastGood.get(bundle.getBundleId());
                if (loaded != null) {
                    LOG.error("{}: the catalogue '{}' it offered before ({} price versions) stays in force",
                            describe(bundle), loaded.file().id(), loaded.file().prices().size());
                }
            }
            if (loaded != null) {
                tracked.registration = register(bundle, loaded);
            }
        }
        return tracked;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Tracked tracked) {
        synchronized (tracked) {
            if (bundle.getLastModified() == tracked.lastModified) {
                return;
            }
            tracked.lastModified = bundle.getLastModified();
            String header = bundle.getHeaders("").get(CatalogueHeader.NAME);
            Loaded loaded = header == null ? null : load(bundle, header);
            if (loaded == null) {
                if (header == null) {
                    LOG.error("{} no longer has an {} header; its catalogue stays in force until it stops",
                            describe(bundle), CatalogueHeader.NAME);
                }
                return;
            }
            ServiceRegistration<PricingCatalog> old = tracked.registration;
            tracked.registration = register(bundle, loaded);
            unregister(old);
        }
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Tracked tracked) {
        synchronized (tracked) {
            unregister(tracked.registration);
            tracked.registration = null;
        }
    }

    /** Reads and validates the bundle's catalogue; {@code null} (and an ERROR) when it cannot be used. */
    private Loaded load(Bundle bundle, String header) {
        String path = header;
        try {
            CatalogueHeader parsed = CatalogueHeader.parse(header);
            path = parsed.path();
            URL entry = bundle.getEntry(path);
            if (entry == null) {
                throw new IllegalArgumentException("entry " + path + " named by " + CatalogueHeader.NAME
                        + " does not exist in the bundle");
            }
            CatalogueFile file;
            try (Reader reader = new InputStreamReader(entry.openStream(), StandardCharsets.UTF_8)) {
                file = CatalogueFileReader.read(reader, path);
            }
            Loaded loaded = new Loaded(file, parsed.ranking(), bundle.getLastModified(), path);
            lastGood.put(bundle.getBundleId(), loaded);
            return loaded;
        } catch (IOException e) {
            LOG.error("Rejected price catalogue of {}: cannot read {}", describe(bundle), path, e);
            return null;
        } catch (IllegalArgumentException e) {
            // The message names the entry and the field; a stack trace would only bury it.
            LOG.error("Rejected price catalogue of {}: {}", describe(bundle), e.getMessage());
            return null;
        }
    }

    private ServiceRegistration<PricingCatalog> register(Bundle bundle, Loaded loaded) {
        BundleContext context = bundle.getBundleContext();
        if (context == null) {
            LOG.error("{} has no bundle context (it is no longer active); its catalogue '{}' is not registered",
                    describe(bundle), loaded.file().id());
            return null;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PricingCatalog.CATALOGUE_ID, loaded.file().id());
        properties.put(Constants.SERVICE_RANKING, loaded.ranking());
        ServiceRegistration<PricingCatalog> registration = context.registerService(PricingCatalog.class,
                new StaticCatalogue(loaded.file().id(), loaded.file().prices()), properties);
        LOG.info("Registered price catalogue '{}' ({} price versions, ranking {}) from {} of {}",
                loaded.file().id(), loaded.file().prices().size(), loaded.ranking(), loaded.path(), describe(bundle));
        return registration;
    }

    private static void unregister(ServiceRegistration<PricingCatalog> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // The framework already unregistered it: the bundle stopped before we were told.
            LOG.debug("Catalogue service was already unregistered", e);
        }
    }

    /** Bundle ids never come back, so memory of an uninstalled bundle can go. */
    private void forgetUninstalledBundles() {
        lastGood.keySet().removeIf(id -> extenderContext.getBundle(id) == null);
    }

    private static String describe(Bundle bundle) {
        return "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
