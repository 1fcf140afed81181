package org.atlas.budget.api.guard;

import java.time.Duration;

/**
 * How a {@link BudgetGuard} behaves.
 *
 * @param failMode          what to do when no interceptor can decide
 * @param maxThrottleWait   the longest single wait the guard accepts for a THROTTLE decision
 *                          before it re-asks; a longer (or zero) wait fails the call with
 *                          {@link BudgetThrottledException}
 * @param maxThrottleRetries how many times the guard waits and re-asks before it gives up
 * @param acceptDowngrade   whether the guard runs the call with the model a DOWNGRADE decision
 *                          suggests; if not, a DOWNGRADE fails the call with {@link BudgetDeniedException}
 */
public record GuardConfig(FailMode failMode, Duration maxThrottleWait, int maxThrottleRetries,
        boolean acceptDowngrade) {

    /** Fail closed, never wait, accept downgrades. */
    public static final GuardConfig DEFAULT = new GuardConfig(FailMode.CLOSED, Duration.ZERO, 0, true);

    public GuardConfig {
        if (failMode == null) {
            throw new IllegalArgumentException("failMode is required");
        }
        if (maxThrottleWait == null || maxThrottleWait.isNegative()) {
            throw new IllegalArgumentException("maxThrottleWait must be zero or positive");
        }
        if (maxThrottleRetries < 0) {
            throw new IllegalArgumentException("maxThrottleRetries must not be negative");
        }
    }

    public GuardConfig withFailMode(FailMode mode) {
        return new GuardConfig(mode, maxThrottleWait, maxThrottleRetries, acceptDowngrade);
    }

    public GuardConfig withThrottleWait(Duration wait, int retries) {
        return new GuardConfig(failMode, wait, retries, acceptDowngrade);
    }

    public GuardConfig withAcceptDowngrade(boolean accept) {
        return new GuardConfig(failMode, maxThrottleWait, maxThrottleRetries, accept);
    }
}
