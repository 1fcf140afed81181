package org.atlas.budget.api.model;

import java.util.Set;
import java.util.TreeSet;

/**
 * When to raise an alert and where to send it.
 *
 * @param id               stable identifier
 * @param name             a human name
 * @param kind             the kind of alert the rule raises
 * @param policyId         the policy it watches, or {@code null} for every policy
 * @param thresholdPercent for {@code THRESHOLD} and {@code FORECAST_OVERRUN}: the percentage of
 *                         the effective limit (1 to 1000); otherwise {@code null}
 * @param severity         the severity of the alerts it raises
 * @param channels         ids of the alert channels to deliver to; empty means every channel
 * @param enabled          a disabled rule raises nothing
 */
public record AlertRule(String id, String name, AlertKind kind, String policyId, Integer thresholdPercent,
        AlertSeverity severity, Set<String> channels, boolean enabled) {

    public AlertRule {
        id = Checks.identifier(id, "id");
        name = Checks.text(name == null ? id : name, "name", 200);
        Checks.required(kind, "kind");
        policyId = policyId == null ? null : Checks.identifier(policyId, "policyId");
        boolean needsThreshold = kind == AlertKind.THRESHOLD || kind == AlertKind.FORECAST_OVERRUN;
        if (needsThreshold) {
            Checks.required(thresholdPercent, "thresholdPercent");
            if (thresholdPercent < 1 || thresholdPercent > 1000) {
                throw new IllegalArgumentException("thresholdPercent must be from 1 to 1000, was " + thresholdPercent);
            }
        } else if (thresholdPercent != null) {
            throw new IllegalArgumentException("thresholdPercent applies to THRESHOLD and FORECAST_OVERRUN rules only");
        }
        Checks.required(severity, "severity");
        TreeSet<String> ids = new TreeSet<>();
        for (String channel : channels == null ? Set.<String>of() : channels) {
            ids.add(Checks.identifier(channel, "channels"));
        }
        channels = java.util.Collections.unmodifiableSortedSet(ids);
    }
}
