package org.atlas.budget.pricing.internal.index;

import java.util.Comparator;
import java.util.List;

import org.atlas.budget.api.model.ModelPrice;

/**
 * A catalogue as the registry holds it: its validated prices and where it stands among the
 * others.
 *
 * @param id        the catalogue id quotes name
 * @param ranking   the service ranking; higher wins
 * @param serviceId the service id; on equal ranking the older (lower) service wins, as in OSGi
 * @param origin    who contributed it (the bundle), for log messages
 * @param prices    its validated price versions
 */
public record RankedCatalogue(String id, int ranking, long serviceId, String origin, List<ModelPrice> prices) {

    /** Highest ranking first; on a tie the lowest service id, the OSGi service ordering. */
    public static final Comparator<RankedCatalogue> PRECEDENCE = Comparator
            .comparingInt(RankedCatalogue::ranking).reversed()
            .thenComparingLong(RankedCatalogue::serviceId);

    public RankedCatalogue {
        prices = List.copyOf(prices);
    }
}
