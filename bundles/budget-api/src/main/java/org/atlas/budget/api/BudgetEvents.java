package org.atlas.budget.api;

/**
 * EventAdmin topics and property names Atlas Budget posts under {@value #TOPIC_ROOT}. Events
 * are posted asynchronously; a handler never slows a provider call.
 */
public final class BudgetEvents {

    /** The root of every topic; subscribe to {@code org/atlas/budget/*} for all of them. */
    public static final String TOPIC_ROOT = "org/atlas/budget";

    /** A usage record was stored. Properties: request id, provider, model, cost, currency, status. */
    public static final String USAGE_RECORDED = TOPIC_ROOT + "/usage/RECORDED";

    /**
     * Recorded charges were repriced (an audited operation). Properties: {@link #PROP_REPRICING_ID},
     * {@link #PROP_CHANGED} (how many records), {@link #PROP_PRICES_AT}.
     */
    public static final String USAGE_REPRICED = TOPIC_ROOT + "/usage/REPRICED";

    /** An admission was decided. Properties: request id, outcome, policy id. */
    public static final String DECISION_MADE = TOPIC_ROOT + "/decision/MADE";

    /** A hold expired without being completed or aborted. */
    public static final String HOLD_EXPIRED = TOPIC_ROOT + "/hold/EXPIRED";

    /** A policy was created, changed or deleted. Properties: policy id, change. */
    public static final String POLICY_CHANGED = TOPIC_ROOT + "/policy/CHANGED";

    /** The prices in force changed (a catalogue came, went or was updated; an override changed). */
    public static final String PRICING_CHANGED = TOPIC_ROOT + "/pricing/CHANGED";

    /** An alert was raised. Properties: alert id, kind, severity, policy id, message. */
    public static final String ALERT_RAISED = TOPIC_ROOT + "/alert/RAISED";

    /** An alert was acknowledged or resolved. Properties: alert id, state. */
    public static final String ALERT_UPDATED = TOPIC_ROOT + "/alert/UPDATED";

    public static final String PROP_REQUEST_ID = "requestId";
    public static final String PROP_PROVIDER = "provider";
    public static final String PROP_MODEL = "model";
    /** A decimal string; never a floating-point number. */
    public static final String PROP_COST = "cost";
    public static final String PROP_CURRENCY = "currency";
    public static final String PROP_STATUS = "status";
    public static final String PROP_OUTCOME = "outcome";
    public static final String PROP_POLICY_ID = "policyId";
    public static final String PROP_ALERT_ID = "alertId";
    public static final String PROP_KIND = "kind";
    public static final String PROP_SEVERITY = "severity";
    public static final String PROP_MESSAGE = "message";
    public static final String PROP_CHANGE = "change";
    public static final String PROP_REPRICING_ID = "repricingId";
    /** A count of records, as a {@code Long}. */
    public static final String PROP_CHANGED = "changed";
    /** An ISO-8601 instant. */
    public static final String PROP_PRICES_AT = "pricesAt";

    private BudgetEvents() {
    }
}
