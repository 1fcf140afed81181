package org.atlas.budget.reports.internal;

import java.util.List;
import java.util.Map;

/**
 * What the usage source read: sums per cell, how many raw records it read, and what a reader of
 * the report must be told about how they were read.
 */
record Fetched(Map<Cell, Tally> cells, long rawRecords, List<String> notes) {

    Fetched {
        notes = List.copyOf(notes);
    }
}
