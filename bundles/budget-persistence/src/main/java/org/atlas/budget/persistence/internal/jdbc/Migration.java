package org.atlas.budget.persistence.internal.jdbc;

import java.util.List;

/**
 * One step of the schema. Steps are applied in version order, each in its own transaction with
 * its row in {@code atlas_schema_version}, and never changed once released: a change of schema
 * is a new step.
 *
 * @param version     1, 2, 3 ...
 * @param description what the step does
 * @param statements  the DDL, the same on Derby and PostgreSQL (both speak this subset of SQL)
 */
record Migration(int version, String description, List<String> statements) {
}
