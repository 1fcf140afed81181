package org.atlas.budget.api.guard;

import org.osgi.annotation.versioning.ConsumerType;

/** A provider call as a host hands it to {@link BudgetGuard#call}. */
@ConsumerType
@FunctionalInterface
public interface ProviderCall<T> {

    /**
     * Calls the provider with {@link CallContext#model()} and returns the result with its usage.
     * Throwing aborts the admission (charging what {@link CallContext#consumed} reported).
     */
    Completion<T> execute(CallContext context) throws Exception;
}
