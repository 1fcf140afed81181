package org.atlas.budget.api.model;

import java.util.Currency;

/**
 * The charges of one model in one currency before and after a repricing, over the records whose
 * charge changes.
 *
 * @param provider       the provider, or {@code *} on a total line
 * @param model          the model id as recorded, or {@code *} on a total line
 * @param currency       the currency of {@code before} and {@code after}
 * @param records        records whose charge changes
 * @param newlyPriced    of those, records that were UNPRICED before (they add to {@code after}
 *                       only: an unknown cost was never counted as zero)
 * @param before         the sum of their current costs (priced records only)
 * @param after          the sum of their new costs
 */
public record RepricingLine(String provider, String model, Currency currency, long records, long newlyPriced,
        Money before, Money after) {

    public RepricingLine {
        provider = RepricingResult.ALL.equals(provider) ? provider : Checks.provider(provider, "provider");
        model = Checks.text(model, "model", 200);
        Checks.required(currency, "currency");
        Checks.nonNegative(records, "records");
        Checks.nonNegative(newlyPriced, "newlyPriced");
        Checks.required(before, "before");
        Checks.required(after, "after");
        if (!before.currency().equals(currency) || !after.currency().equals(currency)) {
            throw new IllegalArgumentException("before and after must be in " + currency);
        }
    }

    /** After minus before: negative when the new prices are lower. */
    public Money difference() {
        return after.minus(before);
    }
}
