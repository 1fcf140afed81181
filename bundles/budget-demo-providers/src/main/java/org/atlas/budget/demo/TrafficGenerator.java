package org.atlas.budget.demo;

import org.osgi.annotation.versioning.ProviderType;

/** Drives the demo providers with a plan of calls; the demo and the tests use it. */
@ProviderType
public interface TrafficGenerator {

    /** Runs the plan on the calling thread and reports what happened. */
    TrafficReport run(TrafficPlan plan);
}
