package org.atlas.budget.pricing.internal.override;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.spi.PricingCatalog;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator price override per factory configuration {@value #PID}: a {@link PricingCatalog}
 * with catalogue id {@code override:<provider>/<model>} and {@code service.ranking}
 * {@link Integer#MAX_VALUE}, so it beats every catalogue for that model while it is in force.
 *
 * <p>The service is registered by hand rather than declared, because its catalogue id is derived
 * from the configuration. A configuration that cannot be used fails activation with an ERROR
 * naming the PID and the key; other overrides are separate components and keep working. A bad
 * <em>change</em> to a working override is refused the same way and the override in force stays
 * (bad input changes nothing).
 */
@Component(configurationPid = PriceOverride.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OverrideConfig.class, factory = true)
public final class PriceOverride {

    public static final String PID = "org.atlas.budget.pricing.override";

    private static final Logger LOG = LoggerFactory.getLogger(PriceOverride.class);

    private final OverrideCatalogue catalogue;
    private final ServiceRegistration<PricingCatalog> registration;

    @Activate
    public PriceOverride(OverrideConfig config, BundleContext context, Map<String, Object> properties) {
        ModelPrice price;
        try {
            price = OverridePrices.parse(config, properties.keySet());
        } catch (InvalidOverrideException e) {
            LOG.error("Price override {} is not in force: {}", pid(properties), e.getMessage());
            throw e;
        }
        this.catalogue = new OverrideCatalogue(price);
        this.registration = context.registerService(PricingCatalog.class, catalogue, serviceProperties(price));
        LOG.info("Price override {} in force for {}/{} from {} (version {})", pid(properties), price.provider(),
                price.model(), price.effectiveFrom(), price.versionId());
    }

    @Modified
    void modified(OverrideConfig config, Map<String, Object> properties) {
        ModelPrice price;
        try {
            price = OverridePrices.parse(config, properties.keySet());
        } catch (InvalidOverrideException e) {
            LOG.error("The change to price override {} is refused: {}; the override in force stays (version {})",
                    pid(properties), e.getMessage(), catalogue.price().versionId());
            return;
        }
        catalogue.set(price);
        registration.setProperties(serviceProperties(price));
        LOG.info("Price override {} changed: {}/{} from {} (version {})", pid(properties), price.provider(),
                price.model(), price.effectiveFrom(), price.versionId());
    }

    @Deactivate
    void stop() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // The framework already unregistered it with the stopping bundle.
            LOG.debug("Price override service was already unregistered", e);
        }
    }

    private static Dictionary<String, Object> serviceProperties(ModelPrice price) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PricingCatalog.CATALOGUE_ID, OverridePrices.catalogueId(price));
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        return properties;
    }

    private static String pid(Map<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        return pid != null ? String.valueOf(pid) : PID;
    }
}
