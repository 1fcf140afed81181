package org.atlas.budget.pricing.internal;

import java.io.Reader;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.atlas.budget.api.BudgetEvents;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.internal.litellm.LiteLlmImporter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PricingRegistry}: every {@link PricingCatalog} service, ranked, with operator
 * overrides on top, and imports of LiteLLM price maps.
 *
 * <p>Catalogues are a whiteboard: this component follows them with a dynamic, greedy, multiple
 * reference, so a better-ranked catalogue takes over the moment it appears, and rebuilds an
 * immutable index on each change ({@link CatalogueBoard}). Quotes read that index through one
 * volatile field and never wait for a catalogue to load.
 *
 * <p>Ranking: curated catalogues carry their own {@code service.ranking} (a catalogue bundle's
 * {@code ranking:=} directive, default 0); imports rank {@link Config#importRanking()} (default
 * -10, below curated data); overrides rank {@link Integer#MAX_VALUE} and beat every catalogue.
 */
@Component(service = PricingRegistry.class, immediate = true, configurationPid = PricingRegistryImpl.PID)
@Designate(ocd = PricingRegistryImpl.Config.class)
public final class PricingRegistryImpl extends BoardPricing {

    public static final String PID = "org.atlas.budget.pricing";

    /** The import format {@link #importPrices} understands. */
    public static final String FORMAT_LITELLM = "litellm";

    /** Event property: the id of the catalogue that changed. */
    public static final String PROP_CATALOGUE = "catalogue";

    private static final Logger LOG = LoggerFactory.getLogger(PricingRegistryImpl.class);

    @ObjectClassDefinition(name = "Atlas Budget pricing registry",
            description = "Where imported price catalogues stand among the others.")
    public @interface Config {

        @AttributeDefinition(description = "service.ranking of imported catalogues (LiteLLM price maps)."
                + " Default -10: below curated catalogue bundles (ranking 0 and up), since community data"
                + " is the fallback; operator overrides always rank above everything.")
        int importRanking() default -10;
    }

    private final ImportedCatalogues imports;
    private final LiteLlmImporter importer = new LiteLlmImporter();

    /** Optional: pricing works without events; read once per announcement. */
    private volatile EventAdmin eventAdmin;

    @Activate
    public PricingRegistryImpl(Config config, BundleContext context) {
        this(config, context, Clock.systemUTC());
    }

    PricingRegistryImpl(Config config, BundleContext context, Clock clock) {
        super(new CatalogueBoard(), clock);
        this.imports = new ImportedCatalogues(context, config.importRanking());
    }

    /**
     * Brings back earlier imports. Done here rather than in the constructor so that the catalogue
     * reference exists to receive them (SCR binds a service registered during activation right
     * after activation completes).
     */
    @Activate
    void start() {
        imports.restore();
    }

    @Modified
    void modified(Config config) {
        imports.rank(config.importRanking());
    }

    @Deactivate
    void stop() {
        imports.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEventAdmin")
    void setEventAdmin(EventAdmin events) {
        this.eventAdmin = events;
    }

    void unsetEventAdmin(EventAdmin events) {
        if (this.eventAdmin == events) {
            this.eventAdmin = null;
        }
    }

    @Reference(service = PricingCatalog.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updateCatalogue", unbind = "removeCatalogue")
    void addCatalogue(ServiceReference<PricingCatalog> reference, PricingCatalog catalogue) {
        apply(reference, catalogue, "added");
    }

    void updateCatalogue(ServiceReference<PricingCatalog> reference, PricingCatalog catalogue) {
        apply(reference, catalogue, "modified");
    }

    void removeCatalogue(ServiceReference<PricingCatalog> reference) {
        CatalogueBoard.Change change = board.remove(serviceId(reference));
        if (change.applied()) {
            LOG.info("Price catalogue '{}' of {} is no longer in force", change.catalogueId(), bundle(reference));
            announce("removed", change.catalogueId());
        }
    }

    private void apply(ServiceReference<PricingCatalog> reference, PricingCatalog catalogue, String how) {
        CatalogueBoard.Change change = board.put(source(reference), catalogue);
        if (change.applied()) {
            LOG.info("Price catalogue '{}' of {} {}: ranking {}", change.catalogueId(), bundle(reference), how,
                    ranking(reference));
            announce(how, change.catalogueId());
        } else if (change.error() != null) {
            LOG.error("Rejected price catalogue '{}' of {}: {}; {}", change.catalogueId(), bundle(reference),
                    change.error(), change.keptPrevious() ? "the prices it had in force before stay in force"
                            : "it contributes no prices", change.cause());
        }
    }

    /**
     * Imports a LiteLLM price map as catalogue {@code catalogueId}, replacing an earlier import
     * of that id. A file that is not JSON, or from which no model at all can be loaded, changes
     * nothing and is refused with an {@link IllegalArgumentException}: replacing a working
     * catalogue with an empty one would turn every price it held into UNPRICED.
     */
    @Override
    public ImportReport importPrices(String format, String catalogueId, Reader source) {
        if (format == null || !FORMAT_LITELLM.equals(format.strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown price file format '" + format + "'; supported: "
                    + FORMAT_LITELLM);
        }
        ImportedCatalogues.requireValidId(catalogueId);
        Objects.requireNonNull(source, "source");
        LiteLlmImporter.Result result = importer.read(source, catalogueId, clock.instant());
        ImportReport report = result.report();
        if (result.prices().isEmpty()) {
            throw new IllegalArgumentException("no model could be loaded (" + report.skipped().size() + " skipped, "
                    + report.rejected().size() + " rejected" + firstReason(report)
                    + "); catalogue " + catalogueId + " is unchanged");
        }
        imports.replace(catalogueId, result.prices());
        LOG.info("Imported {} models from a LiteLLM price map into catalogue '{}' ({} skipped, {} rejected)",
                report.loaded(), catalogueId, report.skipped().size(), report.rejected().size());
        return report;
    }

    private static String firstReason(ImportReport report) {
        List<ImportReport.Entry> reasons = report.rejected().isEmpty() ? report.skipped() : report.rejected();
        return reasons.isEmpty() ? "" : "; e.g. '" + reasons.get(0).key() + "': " + reasons.get(0).reason();
    }

    private void announce(String change, String catalogueId) {
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(BudgetEvents.PRICING_CHANGED,
                    Map.of(BudgetEvents.PROP_CHANGE, change, PROP_CATALOGUE, catalogueId)));
        }
    }

    private static CatalogueSource source(ServiceReference<?> reference) {
        Object id = reference.getProperty(PricingCatalog.CATALOGUE_ID);
        return new CatalogueSource(serviceId(reference), ranking(reference), id instanceof String ? (String) id : null,
                bundle(reference));
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    /** As OSGi orders services: an Integer {@code service.ranking}, anything else counts as 0. */
    private static int ranking(ServiceReference<?> reference) {
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        return ranking instanceof Integer ? (Integer) ranking : 0;
    }

    static String bundle(ServiceReference<?> reference) {
        return describe(reference.getBundle());
    }

    static String describe(Bundle bundle) {
        if (bundle == null) {
            return "a bundle that has gone";
        }
        return "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
