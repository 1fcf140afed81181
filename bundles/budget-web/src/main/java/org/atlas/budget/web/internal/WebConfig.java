package org.atlas.budget.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Atlas Budget REST API", description = "The REST API at /budget/api/v1 and the"
        + " metrics at /budget/metrics")
public @interface WebConfig {

    String PID = "org.atlas.budget.web";

    @AttributeDefinition(description = "The JAAS realm of Karaf that checks HTTP Basic credentials")
    String realm() default "karaf";

    @AttributeDefinition(description = "The largest JSON request body, in bytes")
    int maxBodyBytes() default 1_048_576;

    @AttributeDefinition(description = "The largest price file POST /pricing/import takes, in bytes")
    int maxImportBytes() default 33_554_432;

    @AttributeDefinition(description = "The most usage records one POST /usage/batch takes")
    int maxBatchSize() default 1000;

    @AttributeDefinition(description = "The most admissions of POST /check remembered at once for their"
            + " completion; when full, /check answers 503 until holds expire")
    int maxOpenAdmissions() default 100_000;

    @AttributeDefinition(description = "How long an admission that holds nothing (no policy matched) is"
            + " remembered for its completion, in seconds")
    int unheldAdmissionSeconds() default 600;
}
