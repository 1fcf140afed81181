package org.atlas.budget.persistence.internal;

import java.io.File;
import java.util.Locale;

import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * A validated {@link StoreConfig}. A bad value is an error naming the property, so a bad file
 * is rejected whole and the store in force stays as it was.
 *
 * @param url        the JDBC URL the store connects to itself, or {@code null} when it uses a
 *                   DataSource service
 * @param dataSource the filter selecting that DataSource service, or {@code null}
 */
record StoreSettings(String backend, String url, String dataSource, String user, String password, int batchSize,
        long lingerMicros, int retentionDays, int retentionIntervalMinutes, int maxConnections, int retrySeconds) {

    static final String DERBY = "derby";
    static final String POSTGRESQL = "postgresql";

    static StoreSettings of(StoreConfig config) {
        String backend = config.backend() == null ? "" : config.backend().strip().toLowerCase(Locale.ROOT);
        String dataSource = config.dataSource() == null || config.dataSource().isBlank() ? null
                : config.dataSource().strip();
        if (!DERBY.equals(backend) && !POSTGRESQL.equals(backend)) {
            throw invalid("backend", config.backend(), "derby or postgresql");
        }
        String url = null;
        if (dataSource != null) {
            dataSourceFilter(dataSource);
        } else switch (backend) {
            case DERBY -> {
                String folder = expand(config.derbyFolder() == null || config.derbyFolder().isBlank()
                        ? StoreConfig.DEFAULT_DERBY_FOLDER : config.derbyFolder().strip());
                if (folder.contains(";")) {
                    throw invalid("derbyFolder", folder, "a folder path without ';'");
                }
                url = "jdbc:derby:" + new File(folder).getAbsolutePath() + ";create=true";
            }
            case POSTGRESQL -> {
                url = config.jdbcUrl() == null ? "" : config.jdbcUrl().strip();
                if (!url.startsWith("jdbc:postgresql:")) {
                    throw invalid("jdbcUrl", url, "a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/budget");
                }
            }
            default -> throw new IllegalStateException("backend " + backend);
        }
        return new StoreSettings(backend, url, dataSource, config.user(), config.password(),
                range("batchSize", config.batchSize(), 1, 100_000),
                range("lingerMicros", config.lingerMicros(), 0, 1_000_000),
                (int) range("retentionDays", config.retentionDays(), 0, 36_500),
                (int) range("retentionIntervalMinutes", config.retentionIntervalMinutes(), 1, 10_080),
                (int) range("maxConnections", config.maxConnections(), 1, 64),
                (int) range("retrySeconds", config.retrySeconds(), 1, 3600));
    }

    boolean usesDataSource() {
        return dataSource != null;
    }

    /** The filter that selects the configured DataSource service. */
    Filter dataSourceFilter() {
        return dataSourceFilter(dataSource);
    }

    private static Filter dataSourceFilter(String filter) {
        try {
            return FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            throw invalid("dataSource", filter, "an OSGi filter such as (dataSourceName=budget) (" + e.getMessage()
                    + ")");
        }
    }

    /** The driver class whose OSGi DataSourceFactory this backend needs. */
    String driverClass() {
        return DERBY.equals(backend) ? "org.apache.derby.jdbc.EmbeddedDriver" : "org.postgresql.Driver";
    }

    /** Karaf substitutes ${karaf.data} in etc/ files; a metatype default reaches us unexpanded. */
    private static String expand(String path) {
        String data = System.getProperty("karaf.data", "data");
        return path.replace("${karaf.data}", data);
    }

    private static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(name, String.valueOf(value), "from " + min + " to " + max);
        }
        return value;
    }

    private static long range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(name, String.valueOf(value), "from " + min + " to " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String property, String value, String expected) {
        return new IllegalArgumentException(BudgetStore.PID + ": " + property + " must be " + expected + ", was '"
                + value + "'");
    }

    @Override
    public String toString() {
        // Never the password.
        return usesDataSource() ? backend + " through the DataSource service " + dataSource
                : backend + " at " + url + (user == null || user.isEmpty() ? "" : " as " + user);
    }
}
