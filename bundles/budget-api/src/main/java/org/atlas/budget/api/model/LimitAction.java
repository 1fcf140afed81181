package org.atlas.budget.api.model;

/** What a policy does when a call would take its spend past the limit. */
public enum LimitAction {
    /** Allow the call and flag it. */
    WARN,
    /** Ask the caller to wait before trying again. */
    THROTTLE,
    /** Suggest a cheaper model whose worst case fits. */
    DOWNGRADE,
    /** Refuse the call. */
    BLOCK;

    public static LimitAction parse(String value) {
        return Checks.parseEnum(LimitAction.class, value, "action");
    }
}
