package org.atlas.budget.demo;

/**
 * What a traffic run saw.
 *
 * @param completed   calls that ran and completed
 * @param downgraded  of the completed, those run with a cheaper model
 * @param denied      calls a policy refused (BLOCK, or DOWNGRADE/THROTTLE not taken)
 * @param throttled   of the denied, those throttled
 * @param unavailable calls refused because Atlas Budget could not decide (fail-closed)
 * @param cancelled   streams the client cancelled part-way (charged what they consumed)
 * @param failed      calls that failed otherwise
 */
public record TrafficReport(int completed, int downgraded, int denied, int throttled, int unavailable, int cancelled,
        int failed) {
}
