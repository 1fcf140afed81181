package org.atlas.budget.api.model;

/** What a policy does with a call to a model that has no known price. Never "free". */
public enum UnpricedAction {
    /** Refuse the call. */
    BLOCK,
    /** Price it at the policy's fallback rates. */
    FALLBACK,
    /** Allow it, record it as unpriced and raise an alert. */
    ALLOW_AND_FLAG;

    public static UnpricedAction parse(String value) {
        return Checks.parseEnum(UnpricedAction.class, value, "unpriced");
    }
}
