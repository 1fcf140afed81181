package org.atlas.budget.reports.internal;

/**
 * Tunables of the reports, validated.
 *
 * @param forecastHistoryDays      days of history a forecast learns from (at least 14)
 * @param deprecationWarningDays   how far ahead a model's deprecation date is reported
 * @param cacheRarePercent         cache reads below this share of input tokens count as rare
 * @param cacheAssumedHitPercent   the share of uncached input assumed cacheable when estimating a saving
 * @param cacheMinInputTokens      models with fewer input tokens in the range are not worth a cache suggestion
 */
record ReportSettings(int forecastHistoryDays, int deprecationWarningDays, int cacheRarePercent,
        int cacheAssumedHitPercent, long cacheMinInputTokens) {

    static final ReportSettings DEFAULTS = new ReportSettings(28, 90, 5, 50, 1_000_000);

    ReportSettings {
        if (forecastHistoryDays < 14 || forecastHistoryDays > 366) {
            throw new IllegalArgumentException("forecastHistoryDays must be from 14 to 366, was " + forecastHistoryDays);
        }
        if (deprecationWarningDays < 0) {
            throw new IllegalArgumentException("deprecationWarningDays must not be negative, was "
                    + deprecationWarningDays);
        }
        if (cacheRarePercent < 0 || cacheRarePercent > 100) {
            throw new IllegalArgumentException("cacheRarePercent must be from 0 to 100, was " + cacheRarePercent);
        }
        if (cacheAssumedHitPercent < 1 || cacheAssumedHitPercent > 100) {
            throw new IllegalArgumentException("cacheAssumedHitPercent must be from 1 to 100, was "
                    + cacheAssumedHitPercent);
        }
        if (cacheMinInputTokens < 0) {
            throw new IllegalArgumentException("cacheMinInputTokens must not be negative, was " + cacheMinInputTokens);
        }
    }
}
