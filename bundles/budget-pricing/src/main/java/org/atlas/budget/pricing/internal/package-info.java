/**
 * The pricing registry and its collaborators. Nothing here is exported: other bundles see only
 * {@link org.atlas.budget.api.PricingRegistry} and the {@link org.atlas.budget.api.spi.PricingCatalog}
 * whiteboard.
 *
 * <p>Every source of prices ends up as a {@code PricingCatalog} service, so one precedence rule
 * and one validation cover them all:
 * <ul>
 * <li>catalogue bundles, read by the extender ({@code extender}) and registered through the
 * catalogue bundle's own context, ranking from their {@code ranking:=} directive (default 0);</li>
 * <li>LiteLLM imports ({@code litellm}), kept in this bundle's data area, ranking -10 by default
 * (configuration {@code org.atlas.budget.pricing}, key {@code importRanking});</li>
 * <li>operator overrides ({@code override}), one per factory configuration
 * {@code org.atlas.budget.pricing.override}, ranking {@link java.lang.Integer#MAX_VALUE}.</li>
 * </ul>
 * The registry ({@link org.atlas.budget.pricing.internal.PricingRegistryImpl}) turns them into an
 * immutable index ({@code index}) and answers quotes from it ({@code quote}) without locking.
 */
package org.atlas.budget.pricing.internal;
