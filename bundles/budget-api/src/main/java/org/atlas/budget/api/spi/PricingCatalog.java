package org.atlas.budget.api.spi;

import java.util.List;

import org.atlas.budget.api.model.ModelPrice;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A catalogue of prices, registered as an OSGi service (whiteboard). The pricing registry
 * tracks every catalogue: registering, modifying or unregistering one changes the prices in
 * force at once.
 *
 * <p>Service properties:
 * <ul>
 * <li>{@value #CATALOGUE_ID} (String, required): a stable id that quotes name;</li>
 * <li>{@code service.ranking} (Integer, default 0): when two catalogues price the same model,
 * the higher ranking wins; operator overrides beat every catalogue.</li>
 * </ul>
 *
 * <p>A catalogue whose prices fail validation is rejected whole, with a log error naming the
 * bundle, the entry and the field; the prices in force before stay in force.
 */
@ConsumerType
public interface PricingCatalog {

    /** Service property: the catalogue's id. */
    String CATALOGUE_ID = "atlas.budget.catalogue.id";

    /** The catalogue's id; the same as the service property. */
    String id();

    /**
     * Every price version of every model in the catalogue. Called when the catalogue is added or
     * modified; the result is copied, so it may be computed.
     *
     * @throws IllegalArgumentException when the catalogue's data is malformed, naming the entry
     *         and the field
     */
    List<ModelPrice> prices();
}
