package org.atlas.budget.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Atlas Budget demo provider", description = "How the demo provider uses BudgetGuard")
public @interface ProviderConfig {

    @AttributeDefinition(description = "CLOSED refuses calls when Atlas Budget cannot decide; OPEN runs them untracked")
    String failMode() default "CLOSED";

    @AttributeDefinition(description = "Run calls with the cheaper model a DOWNGRADE decision suggests")
    boolean acceptDowngrade() default true;

    @AttributeDefinition(description = "Longest THROTTLE wait (milliseconds) the provider accepts before retrying")
    long maxThrottleWaitMillis() default 0;
}
