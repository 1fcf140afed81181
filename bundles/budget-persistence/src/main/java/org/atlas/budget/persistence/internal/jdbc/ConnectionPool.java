package org.atlas.budget.persistence.internal.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A few reusable connections for readers and small writes; the group-commit writer keeps one of
 * its own. A connection that saw a connection-class error (SQLState 08...) is discarded, never
 * handed out again.
 */
public final class ConnectionPool implements AutoCloseable {

    private final Driver driver;
    private final String url;
    private final Properties credentials;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    public ConnectionPool(Driver driver, String url, String user, String password, int maxIdle) {
        this.driver = driver;
        this.url = url;
        this.credentials = new Properties();
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    }

    /** A new connection, not pooled: for the writer, which keeps it. */
    public Connection open() throws SQLException {
        if (closed) {
            throw new SQLException("the store is closed", "08003");
        }
        Connection connection = driver.connect(url, credentials);
        if (connection == null) {
            throw new SQLException("the driver does not accept the URL " + url, "08001");
        }
        return connection;
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

    /** Work in a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
