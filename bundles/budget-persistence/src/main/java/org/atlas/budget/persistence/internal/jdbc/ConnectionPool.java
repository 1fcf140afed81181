package org.atlas.budget.persistence.internal.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import javax.sql.DataSource;

/**
 * A few reusable connections for readers and small writes; the group-commit writer keeps one of
 * its own. A connection that saw a connection-class error (SQLState 08...) is discarded, never
 * handed out again.
 */
public final class ConnectionPool implements AutoCloseable {

    private final ConnectionSource source;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    /** Connections the store opens itself, from a driver and a URL. */
    public ConnectionPool(Driver driver, String url, String user, String password, int maxIdle) {
        this(driverSource(driver, url, user, password), maxIdle);
    }

    /**
     * Connections from {@code source}, e.g. a {@link DataSource} service an operator configured
     * (which may pool on its own; the few idle connections kept here then stay checked out of it).
     */
    public ConnectionPool(ConnectionSource source, int maxIdle) {
        this.source = source;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    }

    /**
     * A source of connections from a {@link DataSource}, as {@code user} when one is given (else
     * as the data source's own user).
     */
    public static ConnectionSource dataSourceSource(DataSource dataSource, String user, String password) {
        boolean asUser = user != null && !user.isEmpty();
        return () -> {
            Connection connection = asUser ? dataSource.getConnection(user, password) : dataSource.getConnection();
            if (connection == null) {
                throw new SQLException("the DataSource " + dataSource + " gave no connection", "08001");
            }
            return connection;
        };
    }

    private static ConnectionSource driverSource(Driver driver, String url, String user, String password) {
        Properties credentials = new Properties();
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        return () -> {
            Connection connection = driver.connect(url, credentials);
            if (connection == null) {
                throw new SQLException("the driver does not accept the URL " + url, "08001");
            }
            return connection;
        };
    }

    /** A new connection, not pooled: for the writer, which keeps it. */
    public Connection open() throws SQLException {
        if (closed) {
            throw new SQLException("the store is closed", "08003");
        }
        return source.connect();
    }

    /** Runs {@code work} on a pooled connection in one transaction, committed when it returns. */
    public <T> T transaction(Work<T> work) throws SQLException {
        Connection connection = idle.poll();
        if (connection == null) {
            connection = open();
            connection.setAutoCommit(false);
        }
        boolean healthy = true;
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            healthy = !isConnectionError(e);
            rollbackQuietly(connection, e);
            throw e;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            if (!healthy || closed || !idle.offer(connection)) {
                closeQuietly(connection);
            }
        }
    }

    static boolean isConnectionError(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailed) {
            cause.addSuppressed(rollbackFailed);
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a broken connection may fail; it is gone either way.
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    /** Where connections come from. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    /** Work in a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
