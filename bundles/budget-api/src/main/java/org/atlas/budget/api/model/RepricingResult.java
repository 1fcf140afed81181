package org.atlas.budget.api.model;

import java.util.List;

/**
 * The outcome of a repricing dry run, or of applying one.
 *
 * @param id          the dry run's id (an applied result carries the id of the dry run it applied)
 * @param request     what was repriced
 * @param applied     whether the charges were written
 * @param examined    records read in the range
 * @param changed     records whose charge differs (written, when applied)
 * @param unpriced    records left as they were because their model has no price at
 *                    {@link RepricingRequest#pricesAt()}
 * @param perModel    the difference per model (and currency), sorted by provider and model
 * @param totals      the difference per currency, over every model: one line per currency with
 *                    provider {@code *} and model {@code *}
 */
public record RepricingResult(String id, RepricingRequest request, boolean applied, long examined, long changed,
        long unpriced, List<RepricingLine> perModel, List<RepricingLine> totals) {

    /** The provider and model of a total line. */
    public static final String ALL = "*";

    public RepricingResult {
        id = Checks.text(id, "id", 200);
        Checks.required(request, "request");
        Checks.nonNegative(examined, "examined");
        Checks.nonNegative(changed, "changed");
        Checks.nonNegative(unpriced, "unpriced");
        perModel = List.copyOf(Checks.required(perModel, "perModel"));
        totals = List.copyOf(Checks.required(totals, "totals"));
    }
}
