package org.atlas.budget.reports.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.UnpricedAction;

/** Policies and their current spend, as the idle-budget suggestion reads them; nothing else. */
final class FakeBudgetManager implements BudgetManager {

    private final List<BudgetPolicy> policies;
    private final Map<String, String> spent;

    FakeBudgetManager(Map<String, String> spentByPolicy, String... disabled) {
        this.spent = spentByPolicy;
        this.policies = spentByPolicy.keySet().stream().sorted()
                .map(id -> policy(id, !List.of(disabled).contains(id))).toList();
    }

    static BudgetPolicy policy(String id, boolean enabled) {
        return new BudgetPolicy(id, "Budget " + id, Scope.GLOBAL, null, Period.of(PeriodKind.MONTHLY, null),
                Money.of("100.00", "USD"), List.of(80), LimitAction.BLOCK, Rollover.NONE, UnpricedAction.BLOCK, null,
                enabled, 0);
    }

    @Override
    public List<BudgetPolicy> policies() {
        return policies;
    }

    @Override
    public List<BucketStatus> spend(String policyId) {
        Money limit = Money.of("100.00", "USD");
        return List.of(new BucketStatus(policyId, "*", Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), Money.of(spent.get(policyId), "USD"), Money.of("0", "USD"),
                limit, limit));
    }

    @Override
    public Optional<BudgetPolicy> policy(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BudgetPolicy create(BudgetPolicy policy) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BudgetPolicy update(BudgetPolicy policy) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Decision check(AdmissionRequest request) {
        throw new UnsupportedOperationException();
    }
}
