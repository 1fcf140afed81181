package org.atlas.budget.tracking.internal;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.model.BreakdownQuery;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.PeriodSpend;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link SpendQueries} service. It reads the global PID {@code org.atlas.budget} (described
 * by the budget manager's metatype) for its {@code currency}: the currency a tag breakdown counts
 * unpriced calls under.
 */
@Component(service = SpendQueries.class, configurationPid = "org.atlas.budget")
public final class SpendQueriesComponent implements SpendQueries {

    /** The one key of the global configuration read here. */
    public @interface Global {
        String currency() default "USD";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BudgetManager manager;

    private volatile Currency currency;
    private final SpendAnswers answers;

    @Activate
    public SpendQueriesComponent(@Reference BudgetStore store, Global config) {
        this.currency = Money.currency(config.currency());
        this.answers = new SpendAnswers(store, () -> manager, () -> currency);
    }

    @Modified
    void modified(Global config) {
        currency = Money.currency(config.currency());
    }

    @Override
    public List<BucketStatus> spend(Scope scope, String scopeValue, String policyId) {
        return answers.spend(scope, scopeValue, policyId);
    }

    @Override
    public List<PeriodSpend> spendByPeriod(String policyId, Instant from) {
        return answers.spendByPeriod(policyId, from);
    }

    @Override
    public List<RollupRow> breakdown(BreakdownQuery query) {
        return answers.breakdown(query);
    }
}
