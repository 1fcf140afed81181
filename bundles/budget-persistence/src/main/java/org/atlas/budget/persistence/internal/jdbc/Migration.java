package org.atlas.budget.persistence.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One step of the schema. Steps are applied in version order, each in its own transaction with
 * its row in {@code atlas_schema_version}, and never changed once released: a change of schema
 * is a new step.
 *
 * @param version     1, 2, 3 ...
 * @param description what the step does
 * @param statements  the DDL, the same on Derby and PostgreSQL (both speak this subset of SQL),
 *                    except that {@value #BYTES} stands for the type of a binary value of any
 *                    length: {@code BLOB} on Derby, {@code BYTEA} on PostgreSQL
 * @param data        what the step does to the data after its statements (null: nothing)
 * @param after       DDL run after {@code data}, in the same transaction
 */
record Migration(int version, String description, List<String> statements, DataStep data, List<String> after) {

    static final String BYTES = "${bytes}";

    Migration(int version, String description, List<String> statements) {
        this(version, description, statements, null, List.of());
    }

    /** Data a step moves or rewrites in Java, on the step's connection and in its transaction. */
    @FunctionalInterface
    interface DataStep {
        void run(Connection connection, boolean derby) throws SQLException;
    }
}
