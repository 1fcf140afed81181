package org.atlas.budget.manager.testing;

import java.time.ZoneId;
import java.util.List;

import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.UnpricedAction;

/** Readable policy construction for tests. */
public final class Policies {

    private String id;
    private Scope scope = Scope.GLOBAL;
    private String value;
    private Period period = Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC"));
    private String limit = "1";
    private List<Integer> thresholds = List.of();
    private LimitAction action = LimitAction.BLOCK;
    private Rollover rollover = Rollover.NONE;
    private UnpricedAction unpriced = UnpricedAction.BLOCK;
    private TokenRates fallback;
    private boolean enabled = true;
    private int priority;

    private Policies(String id) {
        this.id = id;
    }

    public static Policies policy(String id) {
        return new Policies(id);
    }

    public Policies scope(Scope s, String v) {
        scope = s;
        value = v;
        return this;
    }

    public Policies period(PeriodKind kind) {
        period = Period.of(kind, ZoneId.of("UTC"));
        return this;
    }

    public Policies period(Period p) {
        period = p;
        return this;
    }

    public Policies limit(String usd) {
        limit = usd;
        return this;
    }

    public Policies thresholds(Integer... percents) {
        thresholds = List.of(percents);
        return this;
    }

    public Policies action(LimitAction a) {
        action = a;
        return this;
    }

    public Policies rollover(int capPercent) {
        rollover = new Rollover(true, capPercent);
        return this;
    }

    public Policies unpriced(UnpricedAction a, TokenRates rates) {
        unpriced = a;
        fallback = rates;
        return this;
    }

    public Policies disabled() {
        enabled = false;
        return this;
    }

    public Policies priority(int p) {
        priority = p;
        return this;
    }

    public BudgetPolicy build() {
        return new BudgetPolicy(id, null, scope, value, period, Money.of(limit, "USD"), thresholds, action, rollover,
                unpriced, fallback, enabled, priority);
    }
}
