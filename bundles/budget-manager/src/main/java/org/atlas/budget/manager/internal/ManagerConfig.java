package org.atlas.budget.manager.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The global configuration, PID {@code org.atlas.budget}. */
@ObjectClassDefinition(name = "Atlas Budget", description = "Enforcement of spending policies")
public @interface ManagerConfig {

    @AttributeDefinition(description = "ISO-4217 currency of amounts that belong to no policy")
    String currency() default "USD";

    @AttributeDefinition(description = "Seconds an unsettled hold lives before it is released")
    int holdTtlSeconds() default 600;

    @AttributeDefinition(description = "Milliseconds between sweeps of expired holds")
    long sweepIntervalMillis() default 1000;

    @AttributeDefinition(description = "Milliseconds a THROTTLE answers when calls in flight keep a call out")
    long throttleRetryMillis() default 2000;

    @AttributeDefinition(description = "Minutes completions are remembered in memory to answer retries idempotently")
    int completionMemoryMinutes() default 10;

    @AttributeDefinition(description = "The most completions remembered in memory")
    int completionMemoryEntries() default 100000;

    @AttributeDefinition(description = "Serve admissions only once the ledger is rebuilt from a BudgetStore (spend"
            + " and open holds survive a restart). false runs on memory alone: nothing survives a restart")
    boolean storeRequired() default true;

    @AttributeDefinition(description = "Milliseconds after start during which an admission waits for the ledger to"
            + " be rebuilt from the store; later, an admission without a rebuilt ledger is answered unavailable at once"
            + " (the host's fail mode then applies)")
    long storeWaitMillis() default 60000;

    @AttributeDefinition(description = "Milliseconds between writes of opened and ended holds to the store; a crash"
            + " forgets at most the holds of the last interval")
    long holdJournalFlushMillis() default 20;

    @AttributeDefinition(name = "service.ranking", description = "Ranking of this UsageInterceptor among others")
    int service_ranking() default 0;
}
