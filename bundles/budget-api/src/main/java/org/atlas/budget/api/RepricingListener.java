package org.atlas.budget.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Progress of a repricing run, reported after every page of records. Called on the thread that
 * runs the repricing; an implementation must return quickly.
 */
@ConsumerType
@FunctionalInterface
public interface RepricingListener {

    /** Reports nothing. */
    RepricingListener NONE = (examined, changed) -> {
    };

    /**
     * @param examined records read so far
     * @param changed  of those, records whose charge differs under the chosen prices
     */
    void progress(long examined, long changed);
}
