package org.atlas.budget.derby.internal;

import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

import org.apache.derby.iapi.jdbc.EmbeddedDataSourceInterface;
import org.apache.derby.jdbc.BasicEmbeddedDataSource40;
import org.apache.derby.jdbc.EmbeddedConnectionPoolDataSource;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.apache.derby.jdbc.EmbeddedXADataSource;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The OSGi JDBC service for embedded Derby. Data sources understand the standard properties
 * {@code databaseName} (or {@code url} as {@code jdbc:derby:NAME[;attributes]}), {@code user} and
 * {@code password}; anything else is rejected by name rather than ignored.
 */
final class DerbyDataSourceFactory implements DataSourceFactory {

    @Override
    public Driver createDriver(Properties props) throws SQLException {
        if (props != null && !props.isEmpty()) {
            throw new SQLFeatureNotSupportedException("the Derby driver takes no properties, got " + props.keySet());
        }
        return new EmbeddedDriver();
    }

    @Override
    public DataSource createDataSource(Properties props) throws SQLException {
        return Target.of(props).applyTo(new BasicEmbeddedDataSource40());
    }

    @Override
    public ConnectionPoolDataSource createConnectionPoolDataSource(Properties props) throws SQLException {
        return Target.of(props).applyTo(new EmbeddedConnectionPoolDataSource());
    }

    @Override
    public XADataSource createXADataSource(Properties props) throws SQLException {
        return Target.of(props).applyTo(new EmbeddedXADataSource());
    }

    /** The database, connection attributes and credentials named by the standard properties. */
    private record Target(String database, String attributes, String user, String password) {

        /** Every Derby data source kind takes the same four settings. */
        <T extends EmbeddedDataSourceInterface> T applyTo(T ds) {
            ds.setDatabaseName(database);
            ds.setConnectionAttributes(attributes);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }

        static Target of(Properties props) throws SQLException {
            Properties p = props == null ? new Properties() : props;
            for (String key : p.stringPropertyNames()) {
                if (!key.equals(JDBC_DATABASE_NAME) && !key.equals(JDBC_URL) && !key.equals(JDBC_USER)
                        && !key.equals(JDBC_PASSWORD)) {
                    throw new SQLFeatureNotSupportedException("Derby data sources do not support the property '"
                            + key + "'");
                }
            }
            String database = p.getProperty(JDBC_DATABASE_NAME);
            String attributes = null;
            String url = p.getProperty(JDBC_URL);
            if (url != null) {
                if (!url.startsWith("jdbc:derby:")) {
                    throw new SQLException("url must start with jdbc:derby:, was " + url);
                }
                String rest = url.substring("jdbc:derby:".length());
                int semi = rest.indexOf(';');
                database = semi < 0 ? rest : rest.substring(0, semi);
                attributes = semi < 0 ? null : rest.substring(semi + 1);
            }
            if (database == null || database.isBlank()) {
                throw new SQLException("databaseName or url is required");
            }
            return new Target(database, attributes, p.getProperty(JDBC_USER), p.getProperty(JDBC_PASSWORD));
        }
    }
}
