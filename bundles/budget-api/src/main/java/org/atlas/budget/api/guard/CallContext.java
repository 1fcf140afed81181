package org.atlas.budget.api.guard;

import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.Usage;
import org.osgi.annotation.versioning.ProviderType;

/** What a provider call learns from the guard, and how a stream reports what it consumed. */
@ProviderType
public interface CallContext {

    /** The model to call: the one requested, or the one a DOWNGRADE decision suggested. */
    String model();

    /** The admission, or {@code null} when the call runs untracked under fail-open. */
    Admission admission();

    /**
     * For streams: the usage consumed so far (a running total, not an increment). If the call
     * then fails or is cancelled, the guard charges this instead of releasing the hold.
     */
    void consumed(Usage soFar);
}
