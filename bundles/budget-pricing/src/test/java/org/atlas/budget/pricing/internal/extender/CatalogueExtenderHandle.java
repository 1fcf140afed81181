package org.atlas.budget.pricing.internal.extender;

import org.osgi.framework.BundleContext;

/** Activates and deactivates the extender for tests in other packages, as DS would. */
public final class CatalogueExtenderHandle {

    private final CatalogueExtender extender;

    private CatalogueExtenderHandle(CatalogueExtender extender) {
        this.extender = extender;
    }

    public static CatalogueExtenderHandle open(BundleContext context) {
        CatalogueExtender extender = new CatalogueExtender(context);
        extender.open();
        return new CatalogueExtenderHandle(extender);
    }

    public void close() {
        extender.close();
    }
}
