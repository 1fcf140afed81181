/**
 * The services of Atlas Budget, as host applications and operators' code use them from the
 * OSGi service registry. Every interface here is implemented by Atlas Budget's own bundles
 * ({@code @ProviderType}); extension points that others implement live in
 * {@link org.atlas.budget.api.spi}.
 */
@Export
@Version("1.1.0")
package org.atlas.budget.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
