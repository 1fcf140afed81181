package org.atlas.budget.manager.internal;

import org.atlas.budget.api.model.BudgetPolicy;

/**
 * Where policies declared in {@code etc/} arrive: each configuration's component hands its
 * policy here. An internal service of this bundle, between its own components.
 */
public interface ConfiguredPolicies {

    /**
     * Puts the policy of one configuration in force, replacing what that configuration declared
     * before.
     *
     * @throws IllegalArgumentException when another source already declares that policy id
     */
    void declare(String pid, String source, BudgetPolicy policy);

    /** Withdraws what a configuration declared. */
    void withdraw(String pid);
}
