package org.atlas.budget.pricing.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.internal.index.CatalogueProblem;
import org.atlas.budget.pricing.internal.index.CatalogueValidator;
import org.atlas.budget.pricing.internal.index.PriceIndex;
import org.atlas.budget.pricing.internal.index.RankedCatalogue;
import org.atlas.budget.pricing.internal.quote.PriceBook;

/**
 * The catalogues in force, and the {@link PriceBook} built from them.
 *
 * <p>Readers call {@link #book()}: one volatile read, never a lock, always a complete and
 * consistent set of catalogues. Writers (catalogue services coming, changing and going) rebuild
 * the index off to the side and publish it in one write.
 *
 * <p>A catalogue is contributed code: its {@code prices()} may throw, hang on a lock of its own
 * or return nonsense. It is therefore called outside the board's lock, its failure is caught and
 * reported for that catalogue alone, and its data is validated before anything changes. A
 * rejected catalogue changes nothing: whatever it had in force before stays in force, and on
 * first arrival it contributes nothing.
 */
public final class CatalogueBoard {

    /**
     * The outcome of one change, for the caller to log and announce.
     *
     * @param applied      whether the prices in force changed
     * @param catalogueId  the catalogue concerned
     * @param error        why the catalogue was rejected, or {@code null}
     * @param keptPrevious on rejection: whether an earlier version of the catalogue stays in force
     * @param cause        what the catalogue threw, if it threw; {@code null} otherwise
     */
    public record Change(boolean applied, String catalogueId, String error, boolean keptPrevious, Throwable cause) {

        static Change applied(String catalogueId) {
            return new Change(true, catalogueId, null, false, null);
        }

        static Change ignored(String catalogueId) {
            return new Change(false, catalogueId, null, false, null);
        }
    }

    private final Object writeLock = new Object();
    private final Map<Long, RankedCatalogue> catalogues = new HashMap<>();
    /** Services removed while a put for them may still be computing outside the lock. */
    private final Set<Long> removed = new HashSet<>();
    private final AtomicInteger putsInFlight = new AtomicInteger();
    private volatile PriceBook book = PriceBook.EMPTY;

    /** The prices in force now. */
    public PriceBook book() {
        return book;
    }

    /** Adds or replaces the catalogue of a service, if its data is valid. */
    public Change put(CatalogueSource source, PricingCatalog catalogue) {
        putsInFlight.incrementAndGet();
        try {
            String id = source.catalogueId();
            if (id == null || id.isBlank()) {
                return rejected(source, String.valueOf(id), "the service has no " + PricingCatalog.CATALOGUE_ID
                        + " property", null);
            }
            List<ModelPrice> prices;
            try {
                List<ModelPrice> given = catalogue.prices();
                // A private copy: the catalogue cannot change what was validated.
                prices = given == null ? null : new ArrayList<>(given);
            } catch (RuntimeException e) {
                return rejected(source, id, "prices() failed: " + e, e);
            }
            List<CatalogueProblem> problems = CatalogueValidator.check(prices);
            if (!problems.isEmpty()) {
                return rejected(source, id, problems.get(0).message()
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""), null);
            }
            RankedCatalogue ranked = new RankedCatalogue(id, source.ranking(), source.serviceId(), source.bundle(),
                    prices);
            synchronized (writeLock) {
                if (removed.contains(source.serviceId())) {
                    return Change.ignored(id); // unregistered while its prices were being read
                }
                catalogues.put(source.serviceId(), ranked);
                publish();
            }
            return Change.applied(id);
        } finally {
            putsInFlight.decrementAndGet();
        }
    }

    private Change rejected(CatalogueSource source, String id, String error, Throwable cause) {
        synchronized (writeLock) {
            return new Change(false, id, error, catalogues.containsKey(source.serviceId()), cause);
        }
    }

    /** Removes the catalogue of a service that went away. */
    public Change remove(long serviceId) {
        synchronized (writeLock) {
            RankedCatalogue gone = catalogues.remove(serviceId);
            if (putsInFlight.get() > 0) {
                removed.add(serviceId);
            } else {
                removed.clear();
            }
            if (gone == null) {
                return Change.ignored(null);
            }
            publish();
            return Change.applied(gone.id());
        }
    }

    /** The catalogues in force, highest precedence first. */
    public List<RankedCatalogue> catalogues() {
        synchronized (writeLock) {
            return catalogues.values().stream().sorted(RankedCatalogue.PRECEDENCE).toList();
        }
    }

    private void publish() {
        book = new PriceBook(PriceIndex.build(catalogues.values()));
    }
}
