package org.atlas.budget.reports.internal;

import java.time.Instant;
import java.util.Set;

import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/** Usage records for tests, written the way a reader checks them: when, who, what, what it cost. */
final class Records {

    private static int ids;

    private Records() {
    }

    static UsageRecord record(String at, String provider, String model, String user, String project, String cost,
            long input, long output, String... tags) {
        return record(at, provider, model, user, project, cost, Usage.builder().inputTokens(input)
                .outputTokens(output).build(), tags);
    }

    static UsageRecord record(String at, String provider, String model, String user, String project, String cost,
            Usage usage, String... tags) {
        Instant time = Instant.parse(at);
        UsageReport report = new UsageReport("req-" + (++ids), provider, model, Operation.CHAT, time, true,
                new Dimensions(user, project, null, null, Set.of(tags)), usage);
        Charge charge = cost == null ? Charge.unpriced()
                : new Charge(PricingStatus.PRICED, Money.of(cost, "USD"), "v1", "test");
        return new UsageRecord(report, charge, time.plusMillis(5));
    }
}
