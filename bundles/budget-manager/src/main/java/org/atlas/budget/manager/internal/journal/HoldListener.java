package org.atlas.budget.manager.internal.journal;

import org.atlas.budget.api.model.Hold;

/**
 * Told when a hold opens or ends. Called on the admission and settlement paths, so an
 * implementation must never block, lock or do I/O: it only enqueues.
 */
public interface HoldListener {

    /** A hold as the enforcer keeps it; converted to a {@link Hold} later, off the admission path. */
    interface Journaled {
        String admissionId();

        Hold toHold();
    }

    HoldListener NONE = new HoldListener() {
        @Override
        public void opened(Journaled hold) {
        }

        @Override
        public void ended(String admissionId) {
        }
    };

    void opened(Journaled hold);

    void ended(String admissionId);
}
