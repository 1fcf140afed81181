package org.atlas.budget.reports.internal;

import java.math.BigDecimal;

import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;

/**
 * Running sums of one group: exact cost and counts. Mutable and confined to the thread making a
 * report; never shared.
 */
final class Tally {

    BigDecimal cost = BigDecimal.ZERO;
    long calls;
    long unpricedCalls;
    long inputTokens;
    long cacheReadTokens;
    long cacheWriteTokens;
    long outputTokens;
    long reasoningTokens;

    void add(RollupRow row) {
        cost = cost.add(row.cost().amount());
        calls += row.calls();
        unpricedCalls += row.unpricedCalls();
        inputTokens += row.inputTokens();
        cacheReadTokens += row.cacheReadTokens();
        cacheWriteTokens += row.cacheWriteTokens();
        outputTokens += row.outputTokens();
        reasoningTokens += row.reasoningTokens();
    }

    /** Takes a rollup row off these sums (a part of a day that belongs to another local day). */
    void subtract(RollupRow row) {
        cost = cost.subtract(row.cost().amount());
        calls -= row.calls();
        unpricedCalls -= row.unpricedCalls();
        inputTokens -= row.inputTokens();
        cacheReadTokens -= row.cacheReadTokens();
        cacheWriteTokens -= row.cacheWriteTokens();
        outputTokens -= row.outputTokens();
        reasoningTokens -= row.reasoningTokens();
    }

    /** Whether every sum is zero: the group had nothing left once moved hours were taken off. */
    boolean isEmpty() {
        return cost.signum() == 0 && calls == 0 && unpricedCalls == 0 && inputTokens == 0 && cacheReadTokens == 0
                && cacheWriteTokens == 0 && outputTokens == 0 && reasoningTokens == 0;
    }

    /** Whether a sum went below zero, which only inconsistent rollups can cause. */
    boolean isNegative() {
        return cost.signum() < 0 || calls < 0 || unpricedCalls < 0 || inputTokens < 0 || cacheReadTokens < 0
                || cacheWriteTokens < 0 || outputTokens < 0 || reasoningTokens < 0;
    }

    /** The same sums a rollup keeps for one record: UNPRICED records count as calls, never as $0 spend. */
    void add(UsageRecord record) {
        if (record.charge().status() == PricingStatus.UNPRICED) {
            unpricedCalls++;
        } else {
            cost = cost.add(record.charge().cost().amount());
        }
        calls++;
        Usage usage = record.report().usage();
        inputTokens += usage.inputTokens();
        cacheReadTokens += usage.cacheReadTokens();
        cacheWriteTokens += usage.cacheWriteTokens();
        outputTokens += usage.outputTokens();
        reasoningTokens += usage.reasoningTokens();
    }

    void add(Tally other) {
        cost = cost.add(other.cost);
        calls += other.calls;
        unpricedCalls += other.unpricedCalls;
        inputTokens += other.inputTokens;
        cacheReadTokens += other.cacheReadTokens;
        cacheWriteTokens += other.cacheWriteTokens;
        outputTokens += other.outputTokens;
        reasoningTokens += other.reasoningTokens;
    }
}
