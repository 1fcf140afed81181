package org.atlas.budget.reports.internal;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

/**
 * Where a sum belongs: a time ({@code null} when not split by time; an hour or UTC day start from
 * the rollups; a record's own timestamp from the raw log), the group's values, and the currency
 * (amounts of different currencies are never added).
 */
record Cell(Instant at, List<String> keys, Currency currency) {

    Cell {
        keys = List.copyOf(keys);
    }

    Cell withoutTime() {
        return new Cell(null, keys, currency);
    }
}
