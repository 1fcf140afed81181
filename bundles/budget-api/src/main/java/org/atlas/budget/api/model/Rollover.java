package org.atlas.budget.api.model;

/**
 * Carrying unused budget into the next period.
 *
 * @param enabled    whether unused budget carries over at all
 * @param capPercent the most that may carry, as a percentage of the limit (0 to 100); carried
 *                   budget never compounds past this cap
 */
public record Rollover(boolean enabled, int capPercent) {

    public static final Rollover NONE = new Rollover(false, 0);

    public Rollover {
        if (capPercent < 0 || capPercent > 100) {
            throw new IllegalArgumentException("rollover.capPercent must be between 0 and 100, was " + capPercent);
        }
        if (enabled && capPercent == 0) {
            throw new IllegalArgumentException("rollover.capPercent must be above 0 when rollover is enabled");
        }
    }
}
