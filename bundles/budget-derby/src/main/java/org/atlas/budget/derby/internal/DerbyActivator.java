package org.atlas.budget.derby.internal;

import java.io.File;
import java.sql.SQLException;
import java.util.Hashtable;
import java.util.Properties;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * Boots the embedded Derby engine with this bundle, offers it as an OSGi JDBC
 * {@link DataSourceFactory} ({@code osgi.jdbc.driver.name=derby}), and shuts the engine down
 * cleanly when the bundle stops, so every database is checkpointed and its locks released.
 */
public final class DerbyActivator implements BundleActivator {

    static final String DRIVER_CLASS = "org.apache.derby.jdbc.EmbeddedDriver";

    private ServiceRegistration<DataSourceFactory> registration;

    @Override
    public void start(BundleContext context) {
        // Derby writes derby.log into the working folder unless told otherwise; Karaf's log folder
        // is where an operator looks.
        if (System.getProperty("derby.stream.error.file") == null) {
            String home = System.getProperty("karaf.log", System.getProperty("karaf.data"));
            if (home != null) {
                System.setProperty("derby.stream.error.file", new File(home, "derby.log").getPath());
            }
        }
        // By default Derby writes its log with write-through ("rws") 32 KB writes, so a commit of a
        // large batch costs dozens of synchronous disk writes. A 1 MB log buffer and one sync() per
        // commit keep every commit exactly as durable, with far fewer disk syncs. An operator's own
        // setting wins.
        setIfAbsent("derby.storage.logBufferSize", "1048576");
        setIfAbsent("derby.storage.fileSyncTransactionLog", "true");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, DRIVER_CLASS);
        props.put(DataSourceFactory.OSGI_JDBC_DRIVER_NAME, "derby");
        props.put(DataSourceFactory.OSGI_JDBC_DRIVER_VERSION, "10.16.1.1");
        registration = context.registerService(DataSourceFactory.class, new DerbyDataSourceFactory(), props);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        try {
            new EmbeddedDriver().connect("jdbc:derby:;shutdown=true", new Properties());
        } catch (SQLException e) {
            // Derby reports a clean engine shutdown as SQLState XJ015; anything else is a real failure.
            if (!"XJ015".equals(e.getSQLState())) {
                throw new IllegalStateException("Derby did not shut down cleanly: " + e.getMessage(), e);
            }
        }
    }
}
