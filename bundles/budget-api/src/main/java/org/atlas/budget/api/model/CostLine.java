package org.atlas.budget.api.model;

import java.math.BigDecimal;

/**
 * One line of a quote: a quantity times a unit price, exact and unrounded.
 *
 * @param component what is billed, e.g. {@code input}, {@code cache_read}, {@code output},
 *                  {@code image 1024x1024 hd}
 * @param quantity  how many units
 * @param unit      the unit the price is per, e.g. {@code 1M tokens}, {@code image}, {@code second}
 * @param unitPrice the price per unit
 * @param amount    quantity times unit price (scaled to the unit), exact
 */
public record CostLine(String component, BigDecimal quantity, String unit, BigDecimal unitPrice, BigDecimal amount) {

    public CostLine {
        Checks.text(component, "component", 200);
        Checks.nonNegative(quantity, "quantity");
        Checks.text(unit, "unit", 64);
        Checks.nonNegative(unitPrice, "unitPrice");
        Checks.nonNegative(amount, "amount");
    }
}
