package org.atlas.budget.reports.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Atlas Budget reports", description = "Forecast history and the thresholds of"
        + " cost-optimisation suggestions.")
@interface ReportsConfig {

    @AttributeDefinition(description = "Days of history a forecast learns from (14 to 366); weekly seasonality"
            + " needs at least 14 days of usage.")
    int forecastHistoryDays() default 28;

    @AttributeDefinition(description = "Models whose deprecation date is at most this many days ahead are reported.")
    int deprecationWarningDays() default 90;

    @AttributeDefinition(description = "Cache reads below this percentage of input tokens count as rare.")
    int cacheRarePercent() default 5;

    @AttributeDefinition(description = "The percentage of uncached input assumed cacheable when estimating the"
            + " saving of prompt caching.")
    int cacheAssumedHitPercent() default 50;

    @AttributeDefinition(description = "Models with fewer input tokens in the report's range get no caching"
            + " suggestion.")
    long cacheMinInputTokens() default 1_000_000;
}
