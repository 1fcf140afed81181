package org.atlas.budget.benchmarks.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.RollupRow;

/**
 * The rollup rows of one granularity (hour or UTC day) over {@link UsageColumns}, as a store keeps
 * them: one row per bucket, model and user (provider, project and team follow from those),
 * sorted by bucket so a range is found by binary search, as an index on the bucket would.
 */
final class RollupTable {

    private static final Currency USD = Currency.getInstance("USD");

    final int rows;
    final long unitSeconds;
    private final int[] bucket;
    private final byte[] model;
    private final short[] user;
    private final long[] cost;
    private final long[] calls;
    private final long[] input;
    private final long[] cacheRead;
    private final long[] output;

    RollupTable(UsageColumns data, long unitSeconds) {
        this.unitSeconds = unitSeconds;
        Map<Long, long[]> sums = new HashMap<>();
        for (int i = 0; i < data.size; i++) {
            long b = data.second[i] / unitSeconds;
            long key = (b << 20) | ((long) data.model[i] << 10) | data.user[i];
            long[] s = sums.computeIfAbsent(key, k -> new long[5]);
            s[0] += data.costNanos[i];
            s[1]++;
            s[2] += data.inputTokens[i];
            s[3] += data.cacheReadTokens[i];
            s[4] += data.outputTokens[i];
        }
        long[] keys = sums.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        rows = keys.length;
        bucket = new int[rows];
        model = new byte[rows];
        user = new short[rows];
        cost = new long[rows];
        calls = new long[rows];
        input = new long[rows];
        cacheRead = new long[rows];
        output = new long[rows];
        for (int r = 0; r < rows; r++) {
            long key = keys[r];
            long[] s = sums.get(key);
            bucket[r] = (int) (key >>> 20);
            model[r] = (byte) ((key >>> 10) & 0x3FF);
            user[r] = (short) (key & 0x3FF);
            cost[r] = s[0];
            calls[r] = s[1];
            input[r] = s[2];
            cacheRead[r] = s[3];
            output[r] = s[4];
        }
    }

    /** One folded row: its bucket (relative to {@link UsageColumns#START}), model, user and sums. */
    interface RowSink {
        void row(int bucket, int model, int user, long costNanos, long calls, long input, long cacheRead, long output)
                throws Exception;
    }

    /** Hands every row to {@code sink}, in bucket order (the order of the store's primary key). */
    void forEachRow(RowSink sink) throws Exception {
        for (int r = 0; r < rows; r++) {
            sink.row(bucket[r], model[r], user[r], cost[r], calls[r], input[r], cacheRead[r], output[r]);
        }
    }

    /**
     * Sums the rows of buckets {@code [fromBucket, toBucket)} (relative to {@link UsageColumns#START})
     * that pass the filters (indexes, -1 for none), grouped as asked.
     */
    List<RollupRow> query(int fromBucket, int toBucket, int providerFilter, int modelFilter, int userFilter,
            int projectFilter, int teamFilter, List<GroupBy> groupBy, boolean byTime, long startEpochSecond) {
        int first = lowerBound(fromBucket);
        int end = lowerBound(toBucket);
        Map<List<Object>, long[]> groups = new HashMap<>();
        for (int r = first; r < end; r++) {
            int m = model[r];
            int u = user[r];
            if ((providerFilter >= 0 && m % UsageColumns.PROVIDERS.length != providerFilter)
                    || (modelFilter >= 0 && m != modelFilter) || (userFilter >= 0 && u != userFilter)
                    || (projectFilter >= 0 && UsageColumns.project(u) != projectFilter)
                    || (teamFilter >= 0 && UsageColumns.team(u) != teamFilter)) {
                continue;
            }
            Object[] key = new Object[groupBy.size() + 1];
            key[0] = byTime ? bucket[r] : -1;
            for (int g = 0; g < groupBy.size(); g++) {
                key[g + 1] = switch (groupBy.get(g)) {
                    case PROVIDER -> UsageColumns.provider(m);
                    case MODEL -> UsageColumns.modelName(m);
                    case USER -> UsageColumns.userName(u);
                    case PROJECT -> UsageColumns.projectName(UsageColumns.project(u));
                    case TEAM -> UsageColumns.teamName(UsageColumns.team(u));
                    case OPERATION -> Operation.CHAT.name();
                    case TAG -> throw new IllegalArgumentException("not rolled up");
                };
            }
            long[] s = groups.computeIfAbsent(Arrays.asList(key), k -> new long[5]);
            s[0] += cost[r];
            s[1] += calls[r];
            s[2] += input[r];
            s[3] += cacheRead[r];
            s[4] += output[r];
        }
        List<RollupRow> result = new ArrayList<>(groups.size());
        groups.forEach((key, s) -> {
            List<String> keys = new ArrayList<>(key.size() - 1);
            for (int g = 1; g < key.size(); g++) {
                keys.add((String) key.get(g));
            }
            int b = (Integer) key.get(0);
            result.add(new RollupRow(byTime ? java.time.Instant.ofEpochSecond(startEpochSecond + b * unitSeconds)
                    : null, keys, USD, Money.ofNanos(s[0], USD), s[1], 0, s[2], s[3], 0, s[4], 0));
        });
        return result;
    }

    private int lowerBound(int wanted) {
        int lo = 0;
        int hi = rows;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bucket[mid] < wanted) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
