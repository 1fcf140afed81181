package org.atlas.budget.api.model;

import java.time.Instant;

/**
 * One administrative change: who did what to which object, and when.
 *
 * @param at      when
 * @param actor   who (a user name, {@code config-admin}, {@code system})
 * @param action  what, e.g. {@code policy.update}, {@code pricing.import}, {@code usage.reprice}
 * @param target  the object changed, e.g. a policy id
 * @param details a short description of the change
 */
public record AuditEntry(Instant at, String actor, String action, String target, String details) {

    public AuditEntry {
        Checks.required(at, "at");
        actor = Checks.text(actor, "actor", 200);
        action = Checks.text(action, "action", 100);
        target = Checks.optionalText(target, "target", 500);
        details = details == null ? "" : details;
    }
}
