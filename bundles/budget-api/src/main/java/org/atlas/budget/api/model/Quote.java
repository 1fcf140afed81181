package org.atlas.budget.api.model;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * The price of a usage at an instant, as the pricing registry answers it.
 *
 * @param status       {@code PRICED}, or {@code UNPRICED} when no catalogue knows the model
 * @param provider     the provider asked for
 * @param model        the model id the price belongs to (after alias resolution), or the id
 *                     asked for when unpriced
 * @param exactCost    the exact, unrounded cost; {@code null} when unpriced
 * @param currency     the currency of the cost; {@code null} when unpriced
 * @param priceVersion the version id of the price used; {@code null} when unpriced
 * @param catalogue    the catalogue or override that priced it; {@code null} when unpriced
 * @param lines        how the cost is made up; empty when unpriced, and possibly empty in a
 *                     quote from {@link org.atlas.budget.api.PricingRegistry#quoteTotal}
 * @param reason       why a quote is unpriced, or a note such as the tier applied
 */
public record Quote(PricingStatus status, String provider, String model, BigDecimal exactCost, Currency currency,
        String priceVersion, String catalogue, List<CostLine> lines, String reason) {

    public Quote {
        Checks.required(status, "status");
        lines = List.copyOf(lines == null ? List.of() : lines);
        if (status == PricingStatus.UNPRICED) {
            if (exactCost != null) {
                throw new IllegalArgumentException("an UNPRICED quote has no cost; unknown is not $0");
            }
        } else {
            Checks.nonNegative(exactCost, "exactCost");
            Checks.required(currency, "currency");
            Checks.text(priceVersion, "priceVersion", 200);
            Checks.text(catalogue, "catalogue", 200);
        }
    }

    public static Quote unpriced(String provider, String model, String reason) {
        return new Quote(PricingStatus.UNPRICED, provider, model, null, null, null, null, List.of(), reason);
    }

    public boolean isPriced() {
        return status != PricingStatus.UNPRICED;
    }

    /** The cost to charge after a call, rounded half-even ({@link Money#SETTLE_ROUNDING}). */
    public Money settledCost() {
        requirePriced();
        return Money.of(exactCost, currency, Money.SETTLE_ROUNDING);
    }

    /** The amount to hold before a call, rounded up ({@link Money#RESERVE_ROUNDING}). */
    public Money reservedCost() {
        requirePriced();
        return Money.of(exactCost, currency, Money.RESERVE_ROUNDING);
    }

    /** This quote as the charge a record keeps. */
    public Charge toCharge() {
        return isPriced() ? new Charge(status, settledCost(), priceVersion, catalogue) : Charge.unpriced();
    }

    private void requirePriced() {
        if (!isPriced()) {
            throw new IllegalStateException(provider + "/" + model + " is unpriced: " + reason);
        }
    }
}
