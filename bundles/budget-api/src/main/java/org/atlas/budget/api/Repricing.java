package org.atlas.budget.api;

import org.atlas.budget.api.model.RepricingRequest;
import org.atlas.budget.api.model.RepricingResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way a recorded charge ever changes (design guarantee 7): an explicit, audited
 * recomputation of the records of a time range under the prices in force at a chosen instant.
 *
 * <p>Two steps. {@link #dryRun} computes what would change and changes nothing; its result
 * carries an id. {@link #apply} takes that id, recomputes the same range with the same prices,
 * writes the new charges and one audit entry ({@code usage.reprice}). Only the charges change: the
 * ledger entries, which say what was enforced at the time, stay as they were.
 *
 * <p>A record whose model has no price at the chosen instant keeps its charge. Long runs report
 * progress to the listener after every page of records.
 */
@ProviderType
public interface Repricing {

    /** Computes the difference per model and in total; changes nothing. */
    RepricingResult dryRun(RepricingRequest request, RepricingListener listener);

    /**
     * Applies a dry run: recomputes its range under its prices and writes the charges that differ,
     * then the audit entry.
     *
     * @param dryRunId the {@link RepricingResult#id()} of a dry run of this service
     * @param actor    who applies it, for the audit log
     * @throws java.util.NoSuchElementException when no dry run has that id (unknown, expired, or
     *         already applied)
     */
    RepricingResult apply(String dryRunId, String actor, RepricingListener listener);
}
