package org.atlas.budget.api.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert raised by the alert engine.
 *
 * @param id         unique id
 * @param kind       what it is about
 * @param severity   how urgent
 * @param state      active, acknowledged or resolved
 * @param policyId   the policy concerned, or {@code null}
 * @param ruleId     the rule that raised it, or {@code null} for built-in alerts
 * @param message    a message an operator understands
 * @param raisedAt   when it was raised
 * @param updatedAt  when its state last changed
 * @param updatedBy  who changed its state last, or {@code null}
 * @param attributes details (model, scope value, amounts as decimal strings ...), sorted by key
 */
public record Alert(String id, AlertKind kind, AlertSeverity severity, AlertState state, String policyId,
        String ruleId, String message, Instant raisedAt, Instant updatedAt, String updatedBy,
        Map<String, String> attributes) {

    public Alert {
        id = Checks.identifier(id, "id");
        Checks.required(kind, "kind");
        Checks.required(severity, "severity");
        Checks.required(state, "state");
        message = Checks.text(message, "message", 2000);
        Checks.required(raisedAt, "raisedAt");
        updatedAt = updatedAt == null ? raisedAt : updatedAt;
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
    }

    public Alert withState(AlertState newState, Instant at, String by) {
        return new Alert(id, kind, severity, newState, policyId, ruleId, message, raisedAt, at, by, attributes);
    }
}
