package org.atlas.budget.api.model;

import java.util.List;

/**
 * The outcome of a price import: what was loaded, skipped and rejected, and why.
 *
 * @param catalogue the id of the catalogue the import created or replaced
 * @param loaded    how many models were loaded
 * @param skipped   entries without any price, with the reason
 * @param rejected  entries with bad or implausible prices, with the reason; never loaded
 */
public record ImportReport(String catalogue, int loaded, List<Entry> skipped, List<Entry> rejected) {

    public ImportReport {
        Checks.text(catalogue, "catalogue", 200);
        skipped = List.copyOf(skipped);
        rejected = List.copyOf(rejected);
    }

    /** One entry of the source file and why it was not loaded. */
    public record Entry(String key, String reason) {
        public Entry {
            Checks.required(key, "key");
            Checks.required(reason, "reason");
        }
    }
}
