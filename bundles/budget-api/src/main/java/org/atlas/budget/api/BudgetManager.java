package org.atlas.budget.api;

import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.EnforcementStats;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Spending policies and the ledger they are enforced on.
 *
 * <p>Policies created here are stored through the {@code BudgetStore}; policies declared in
 * Karaf's {@code etc/} as factory configurations ({@value #POLICY_FACTORY_PID}) are read-only
 * here and edited in their files.
 */
@ProviderType
public interface BudgetManager {

    /** The factory PID of policies declared as configuration files. */
    String POLICY_FACTORY_PID = "org.atlas.budget.policy";

    List<BudgetPolicy> policies();

    Optional<BudgetPolicy> policy(String id);

    /** @throws IllegalArgumentException when a policy with that id exists */
    BudgetPolicy create(BudgetPolicy policy);

    /** @throws java.util.NoSuchElementException when no policy has that id */
    BudgetPolicy update(BudgetPolicy policy);

    /** @return whether a policy was deleted */
    boolean delete(String id);

    /** What an admission would decide now, without holding anything. */
    Decision check(AdmissionRequest request);

    /** The buckets of a policy in their current periods, one per scope value seen. */
    List<BucketStatus> spend(String policyId);

    /**
     * The enforcement counters (decisions by outcome, open holds, unpriced calls ...), read-only,
     * for metrics. Empty when the implementation keeps none.
     */
    default Optional<EnforcementStats> stats() {
        return Optional.empty();
    }
}
