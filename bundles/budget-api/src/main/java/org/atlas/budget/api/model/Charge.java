package org.atlas.budget.api.model;

/**
 * What a recorded call was charged, and at which price. Immutable once recorded: a later price
 * change never alters it; only an explicit, audited repricing writes a new charge.
 *
 * @param status       priced, fallback or unpriced
 * @param cost         the settled cost, rounded with {@link Money#SETTLE_ROUNDING};
 *                     {@code null} exactly when {@code status} is {@link PricingStatus#UNPRICED}
 * @param priceVersion the id of the price version charged; {@code null} when unpriced
 * @param catalogue    the catalogue (or override) that supplied the price; {@code null} when unpriced
 */
public record Charge(PricingStatus status, Money cost, String priceVersion, String catalogue) {

    public Charge {
        Checks.required(status, "status");
        if (status == PricingStatus.UNPRICED) {
            if (cost != null) {
                throw new IllegalArgumentException("an UNPRICED charge has no cost; unknown is not $0");
            }
        } else {
            Checks.required(cost, "cost");
            Checks.text(priceVersion, "priceVersion", 200);
            Checks.text(catalogue, "catalogue", 200);
        }
    }

    public static Charge unpriced() {
        return new Charge(PricingStatus.UNPRICED, null, null, null);
    }
}
