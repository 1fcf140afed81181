package org.atlas.budget.persistence.internal.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.AfterClass;
import org.postgresql.Driver;

/**
 * The store contract on PostgreSQL at 127.0.0.1:5432, database {@code test} (trust
 * authentication, as in CI: {@code .ci/run} starts it). Each test gets a schema of its own, so
 * builds running at the same time never meet. If PostgreSQL cannot be reached the tests FAIL:
 * a backend that is not tested is not supported.
 */
public class PostgresStoreTest extends StoreContract {

    static final String SERVER = System.getProperty("atlas.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("atlas.test.postgres.user", "postgres");
    private static final List<String> SCHEMAS = new ArrayList<>();

    private String lastSchema;

    @Override
    protected ConnectionPool emptyDatabase() throws Exception {
        lastSchema = "atlas_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + lastSchema);
        }
        synchronized (SCHEMAS) {
            SCHEMAS.add(lastSchema);
        }
        return reopen();
    }

    @Override
    protected ConnectionPool reopen() {
        return new ConnectionPool(new Driver(), SERVER + "?currentSchema=" + lastSchema, USER, null, 4);
    }

    @Override
    protected ConnectionPool unreachableDatabase() {
        return new ConnectionPool(new Driver(), "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2", USER, null, 4);
    }

    @Override
    protected String backend() {
        return "postgresql";
    }

    private static Connection admin() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", USER);
        return new Driver().connect(SERVER, props);
    }

    @AfterClass
    public static void dropSchemas() throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String schema : SCHEMAS) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
