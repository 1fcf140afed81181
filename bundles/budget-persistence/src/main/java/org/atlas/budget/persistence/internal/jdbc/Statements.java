package org.atlas.budget.persistence.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Building the optional filters of a query and binding its parameters, the same for every read. */
final class Statements {

    private Statements() {
    }

    /** Adds {@code AND column = ?} when a filter value is given. */
    static void filter(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    /** Binds {@code Long} and {@code String} parameters in order. */
    static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                statement.setLong(i + 1, l);
            } else {
                statement.setString(i + 1, (String) p);
            }
        }
    }
}
