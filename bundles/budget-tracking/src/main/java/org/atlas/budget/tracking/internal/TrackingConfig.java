package org.atlas.budget.tracking.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Atlas Budget usage tracking",
        description = "The recording pipeline: validation of usage reports and repricing runs.")
public @interface TrackingConfig {

    @AttributeDefinition(name = "Future skew (s)", min = "0",
            description = "How far a report's timestamp may lie ahead of this node's clock before it is rejected;"
                    + " a timestamp in the future would be charged to a period that has not begun.")
    long maxFutureSkewSeconds() default 300;

    @AttributeDefinition(name = "Repricing page size", min = "1", max = "1000",
            description = "Records read, repriced and written per step of a repricing run; progress is reported"
                    + " after each.")
    int repricingPageSize() default 500;

    @AttributeDefinition(name = "Dry-run lifetime (min)", min = "1",
            description = "How long a repricing dry run can be applied.")
    long dryRunMinutes() default 60;
}
