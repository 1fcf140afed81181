package org.atlas.budget.api.guard;

/**
 * Counters of one guard since it was opened.
 *
 * @param admitted          calls admitted and run
 * @param denied            calls refused by a policy (BLOCK, or a THROTTLE or DOWNGRADE not accepted)
 * @param throttleWaits     waits taken on THROTTLE decisions
 * @param downgraded        calls run with a suggested cheaper model
 * @param failedOpen        calls run untracked because no interceptor could decide
 * @param failedClosed      calls refused because no interceptor could decide
 * @param completionFailures completions or aborts the interceptor did not accept (the hold then
 *                          expires; the failure is logged)
 */
public record GuardMetrics(long admitted, long denied, long throttleWaits, long downgraded, long failedOpen,
        long failedClosed, long completionFailures) {
}
