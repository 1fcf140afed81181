package org.atlas.budget.benchmarks.reports;

/**
 * The naive baseline of the report benchmarks: the same sums as the reports, in one pass over
 * every record held as primitive columns. Shared so the in-memory and the Derby benchmarks
 * measure the very same scan.
 */
final class NaiveScan {

    private NaiveScan() {
    }

    /** Cost, calls, input and output per model over the 30 days: one pass over every record. */
    static long[] summaryByModel(UsageColumns data) {
        long[] sums = new long[UsageColumns.MODELS * 4];
        int from = 0;
        int to = UsageColumns.DAYS * 86_400;
        for (int i = 0; i < data.size; i++) {
            int s = data.second[i];
            if (s >= from && s < to) {
                int m = data.model[i] * 4;
                sums[m] += data.costNanos[i];
                sums[m + 1]++;
                sums[m + 2] += data.inputTokens[i];
                sums[m + 3] += data.outputTokens[i];
            }
        }
        return sums;
    }

    /** Cost and calls per UTC day: one pass over every record. */
    static long[] dailyTrend(UsageColumns data) {
        long[] sums = new long[UsageColumns.DAYS * 2];
        for (int i = 0; i < data.size; i++) {
            int d = data.second[i] / 86_400 * 2;
            sums[d] += data.costNanos[i];
            sums[d + 1]++;
        }
        return sums;
    }
}
