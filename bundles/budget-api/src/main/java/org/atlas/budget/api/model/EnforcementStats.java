package org.atlas.budget.api.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the enforcement since the manager started, for metrics and status pages.
 *
 * @param decisions     admissions decided, by outcome (dry-run checks included); every outcome present
 * @param openHolds     holds of calls in flight now
 * @param unpricedCalls settlements of calls whose model had no price for a policy
 * @param overspends    settlements that cost more than their hold (the estimate was not an upper bound)
 * @param expiredHolds  holds released by the sweeper because their call never ended
 */
public record EnforcementStats(Map<Outcome, Long> decisions, int openHolds, long unpricedCalls, long overspends,
        long expiredHolds) {

    public EnforcementStats {
        EnumMap<Outcome, Long> all = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            Long count = decisions == null ? null : decisions.get(outcome);
            all.put(outcome, Checks.nonNegative(count == null ? 0L : count, "decisions." + outcome));
        }
        decisions = Collections.unmodifiableMap(all);
        Checks.nonNegative(openHolds, "openHolds");
        Checks.nonNegative(unpricedCalls, "unpricedCalls");
        Checks.nonNegative(overspends, "overspends");
        Checks.nonNegative(expiredHolds, "expiredHolds");
    }
}
