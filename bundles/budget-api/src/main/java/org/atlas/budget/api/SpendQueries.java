package org.atlas.budget.api;

import java.time.Instant;
import java.util.List;

import org.atlas.budget.api.model.BreakdownQuery;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.PeriodSpend;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Scope;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Answers operators ask about spend: where each budget stands, and what the money went on.
 *
 * <p>Every answer is read from sums kept as calls are recorded (the manager's ledger, the store's
 * rollups and ledger totals), never by adding up the raw usage log, except for the breakdown by
 * tag, which is not rolled up and is read from the records page by page, never truncated.
 */
@ProviderType
public interface SpendQueries {

    /**
     * The buckets of the policies in force, in their current periods: spent, held, limit, the
     * effective limit (with rolled-over budget), remaining, percent and when the period resets
     * ({@link BucketStatus#remaining()}, {@link BucketStatus#percent()}). Every filter is
     * optional ({@code null}).
     *
     * @param scope      only policies of this scope
     * @param scopeValue only buckets of this scope value (a user, project ... or {@code *})
     * @param policyId   only this policy
     * @return the buckets, sorted by policy id, then scope value
     * @throws java.util.NoSuchElementException when {@code policyId} names no policy
     * @throws BudgetUnavailableException when the budget manager is not running
     */
    List<BucketStatus> spend(Scope scope, String scopeValue, String policyId);

    /**
     * What a policy's buckets were charged per period (for rolling windows, per time slot), for
     * the periods starting at or after {@code from}: the current one and past ones, as the
     * ledger entries of the stored records say.
     *
     * @return sorted by period start, then scope value
     * @throws java.util.NoSuchElementException when {@code policyId} names no policy
     */
    List<PeriodSpend> spendByPeriod(String policyId, Instant from);

    /**
     * Spend in a time range broken down by one dimension (provider, model, user, project, team,
     * operation or tag), one row per value and currency, the largest cost first. A record
     * carrying several tags counts once under each of them; records without the dimension's
     * value are grouped under the empty string.
     */
    List<RollupRow> breakdown(BreakdownQuery query);
}
