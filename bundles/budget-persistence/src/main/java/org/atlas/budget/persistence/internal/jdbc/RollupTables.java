package org.atlas.budget.persistence.internal.jdbc;

import static org.atlas.budget.persistence.internal.jdbc.Statements.bind;
import static org.atlas.budget.persistence.internal.jdbc.Statements.filter;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.RollupQuery;
import org.atlas.budget.api.model.RollupRow;

/**
 * Reads of the rollup tables (schema version 3: one table per grain, keyed by
 * {@code (bucket_start, group_key)}), grouped in SQL so only the groups travel.
 */
final class RollupTables {

    static final String HOUR = "usage_rollup_hour";
    static final String DAY = "usage_rollup_day";

    /**
     * The most bucket starts one statement lists. Short ranges (a few hours each, as a report in
     * a zone other than UTC asks for) are read as {@code bucket_start IN (...)}, one index probe per
     * hour; a range longer than this is read as a range of its own.
     */
    static final int MAX_PROBES = 240;

    private RollupTables() {
    }

    static String table(Granularity granularity) {
        return granularity == Granularity.HOUR ? HOUR : DAY;
    }

    /** One query, one range of the index. */
    static List<RollupRow> read(Connection c, RollupQuery query) throws SQLException {
        return read(c, query, " bucket_start >= ? AND bucket_start < ?",
                List.of(query.from().getEpochSecond(), query.to().getEpochSecond()));
    }

    /**
     * Several ranges that differ only in time; short ones are read together by listing their bucket
     * starts. Rows come back ordered by time, then group.
     */
    static List<RollupRow> read(Connection c, List<RollupQuery> queries) throws SQLException {
        if (queries.isEmpty()) {
            return List.of();
        }
        RollupQuery first = checkAlike(queries);
        long unit = first.granularity() == Granularity.HOUR ? 3600 : 86_400;
        List<RollupRow> rows = new ArrayList<>();
        List<Object> probes = new ArrayList<>();
        for (RollupQuery query : queries) {
            long from = query.from().getEpochSecond();
            long to = query.to().getEpochSecond();
            if ((to - from) / unit > MAX_PROBES) {
                rows.addAll(read(c, query));
                continue;
            }
            for (long start = from; start < to; start += unit) {
                probes.add(start);
                if (probes.size() == MAX_PROBES) {
                    rows.addAll(probe(c, first, probes));
                    probes.clear();
                }
            }
        }
        if (!probes.isEmpty()) {
            rows.addAll(probe(c, first, probes));
        }
        rows.sort(Comparator.comparing(RollupRow::bucketStart));
        return rows;
    }

    private static List<RollupRow> probe(Connection c, RollupQuery shape, List<Object> starts) throws SQLException {
        StringBuilder in = new StringBuilder(" bucket_start IN (");
        for (int i = 0; i < starts.size(); i++) {
            in.append(i == 0 ? "?" : ", ?");
        }
        return read(c, shape, in.append(')').toString(), starts);
    }

    /** The queries must share grain, filters and grouping, be split by time and not overlap. */
    private static RollupQuery checkAlike(List<RollupQuery> queries) {
        RollupQuery first = Objects.requireNonNull(queries.get(0), "a rollup query must not be null");
        List<RollupQuery> sorted = new ArrayList<>(queries);
        sorted.sort(Comparator.comparing(RollupQuery::from));
        for (int i = 0; i < sorted.size(); i++) {
            RollupQuery q = Objects.requireNonNull(sorted.get(i), "a rollup query must not be null");
            if (!q.byTime()) {
                throw new IllegalArgumentException("rollups of several ranges are split by time; a query has"
                        + " byTime false");
            }
            if (q.granularity() != first.granularity() || !Objects.equals(q.provider(), first.provider())
                    || !Objects.equals(q.model(), first.model()) || !Objects.equals(q.userId(), first.userId())
                    || !Objects.equals(q.projectId(), first.projectId())
                    || !Objects.equals(q.teamId(), first.teamId()) || q.operation() != first.operation()
                    || !q.groupBy().equals(first.groupBy())) {
                throw new IllegalArgumentException("rollups of several ranges must differ only in from and to: "
                        + first + " and " + q);
            }
            if (i > 0 && sorted.get(i - 1).to().isAfter(q.from())) {
                throw new IllegalArgumentException("rollup ranges overlap: " + sorted.get(i - 1).from() + " to "
                        + sorted.get(i - 1).to() + " and " + q.from() + " to " + q.to());
            }
        }
        return first;
    }

    private static List<RollupRow> read(Connection c, RollupQuery query, String timePredicate, List<Object> times)
            throws SQLException {
        List<String> groupColumns = new ArrayList<>();
        for (GroupBy g : query.groupBy()) {
            groupColumns.add(column(g));
        }
        List<String> keys = new ArrayList<>();
        if (query.byTime()) {
            keys.add("bucket_start");
        }
        keys.addAll(groupColumns);
        keys.add("currency");
        String keyList = String.join(", ", keys);
        StringBuilder sql = new StringBuilder("SELECT ").append(keyList).append(", SUM(cost), SUM(calls),"
                + " SUM(unpriced_calls), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens),"
                + " SUM(output_tokens), SUM(reasoning_tokens) FROM ").append(table(query.granularity()))
                .append(" WHERE").append(timePredicate);
        List<Object> params = new ArrayList<>(times);
        filter(sql, params, "provider", query.provider());
        filter(sql, params, "model", query.model());
        filter(sql, params, "user_id", query.userId());
        filter(sql, params, "project_id", query.projectId());
        filter(sql, params, "team_id", query.teamId());
        filter(sql, params, "operation", query.operation() == null ? null : query.operation().name());
        sql.append(" GROUP BY ").append(keyList).append(" HAVING SUM(calls) > 0 ORDER BY ").append(keyList);
        List<RollupRow> result = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(sql.toString())) {
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int i = 1;
                    Instant bucket = query.byTime() ? Instant.ofEpochSecond(rows.getLong(i++)) : null;
                    List<String> values = new ArrayList<>(groupColumns.size());
                    for (int g = 0; g < groupColumns.size(); g++) {
                        values.add(rows.getString(i++));
                    }
                    Currency currency = Money.currency(rows.getString(i++).trim());
                    BigDecimal cost = rows.getBigDecimal(i++);
                    result.add(new RollupRow(bucket, values, currency, Money.of(cost, currency), rows.getLong(i++),
                            rows.getLong(i++), rows.getLong(i++), rows.getLong(i++), rows.getLong(i++),
                            rows.getLong(i++), rows.getLong(i)));
                }
            }
        }
        return result;
    }

    private static String column(GroupBy groupBy) {
        return switch (groupBy) {
            case PROVIDER -> "provider";
            case MODEL -> "model";
            case USER -> "user_id";
            case PROJECT -> "project_id";
            case TEAM -> "team_id";
            case OPERATION -> "operation";
            case TAG -> throw new IllegalArgumentException("rollups are not kept per tag");
        };
    }
}
