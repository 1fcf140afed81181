package org.atlas.budget.persistence.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.atlas.budget.api.spi.BudgetStore;
import org.atlas.budget.persistence.internal.jdbc.ConnectionPool;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the configured database and registers the {@link BudgetStore} service while it is open.
 *
 * <p>The service is registered by hand rather than by DS so that the store in force survives a
 * bad configuration: a configuration that does not validate is rejected with an error naming the
 * property, and the running store is left exactly as it was. A valid change closes the old store
 * (its writer finishes what is queued) and opens the new one. Drivers arrive as OSGi JDBC
 * {@link DataSourceFactory} services; until the configured backend's driver is there, or while
 * the database cannot be reached, there is no BudgetStore service (callers see that as
 * unavailable, never as an in-memory stand-in), and opening is retried. With {@code dataSource}
 * configured, connections come from the best-ranked {@link DataSource} service matching that
 * filter instead; when it goes away the store closes, and it opens again on the next match.
 *
 * <p>All transitions run on one thread, so they never interleave.
 */
@Component(service = {}, configurationPid = BudgetStore.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = StoreConfig.class)
public final class StoreComponent {

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final BundleContext context;
    private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "atlas-budget-store-lifecycle"));
    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "atlas-budget-store-retention"));
    /** DataSourceFactory services by driver class. */
    private final Map<String, DataSourceFactory> factories = new ConcurrentHashMap<>();
    private final Map<ServiceReference<DataSource>, DataSource> dataSources = new ConcurrentHashMap<>();

    // Touched only on the lifecycle thread.
    private volatile StoreSettings settings;
    private volatile JdbcBudgetStore store;
    private StoreSettings storeSettings;
    /** The DataSourceFactory or DataSource service reference the open store's connections come from. */
    private Object storeSource;
    private volatile ServiceRegistration<BudgetStore> registration;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> pruning;

    @Activate
    public StoreComponent(BundleContext context, StoreConfig config) {
        this.context = context;
        lifecycle.execute(() -> configure(config, true));
    }

    @Modified
    void modified(StoreConfig config) {
        lifecycle.execute(() -> configure(config, false));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        lifecycle.execute(this::closeStore);
        lifecycle.shutdown();
        lifecycle.awaitTermination(30, TimeUnit.SECONDS);
        retention.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindFactory(DataSourceFactory factory, Map<String, Object> properties) {
        Object driver = properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        if (driver != null) {
            factories.put(driver.toString(), factory);
            submit(this::reconcile);
        }
    }

    void unbindFactory(DataSourceFactory factory, Map<String, Object> properties) {
        Object driver = properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        if (driver != null) {
            factories.remove(driver.toString(), factory);
            submit(this::reconcile);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDataSource(DataSource dataSource, ServiceReference<DataSource> reference) {
        dataSources.put(reference, dataSource);
        submit(this::reconcile);
    }

    void unbindDataSource(DataSource dataSource, ServiceReference<DataSource> reference) {
        dataSources.remove(reference, dataSource);
        submit(this::reconcile);
    }

    private void submit(Runnable task) {
        if (!lifecycle.isShutdown()) {
            lifecycle.execute(task);
        }
    }

    private void configure(StoreConfig config, boolean initial) {
        StoreSettings next;
        try {
            next = StoreSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Rejected the store configuration ({}): {}. {}", BudgetStore.PID, e.getMessage(),
                    store != null ? "The store in force stays: " + storeSettings : initial
                            ? "No store is opened until the configuration is fixed" : "Nothing was changed");
            return;
        }
        settings = next;
        reconcile();
        schedulePruning();
    }

    /** Makes the open store match the settings and the drivers present. */
    private void reconcile() {
        if (settings == null) {
            return;
        }
        Object source = settings.usesDataSource() ? bestDataSource().orElse(null)
                : factories.get(settings.driverClass());
        if (store != null && settings.equals(storeSettings) && source == storeSource) {
            return;
        }
        closeStore();
        if (source == null) {
            if (settings.usesDataSource()) {
                LOG.info("The {} store waits for a DataSource service matching {}", settings.backend(),
                        settings.dataSource());
            } else {
                LOG.info("The {} store waits for its JDBC driver (a DataSourceFactory for {}){}", settings.backend(),
                        settings.driverClass(), StoreSettings.POSTGRESQL.equals(settings.backend())
                                ? "; install the feature atlas-budget-postgresql" : "");
            }
            return;
        }
        try {
            ConnectionPool pool = pool(source);
            JdbcBudgetStore opened;
            try {
                opened = new JdbcBudgetStore(settings.backend(), pool, settings.batchSize(), settings.lingerMicros());
            } catch (SQLException | RuntimeException e) {
                pool.close();
                throw e;
            }
            store = opened;
            storeSettings = settings;
            storeSource = source;
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(BudgetStore.BACKEND, settings.backend());
            if (settings.usesDataSource()) {
                props.put("atlas.budget.store.dataSource", settings.dataSource());
            }
            props.put("atlas.budget.store.schema.version", opened.schemaVersions().get(opened.schemaVersions().size() - 1));
            registration = context.registerService(BudgetStore.class, opened, props);
            LOG.info("The budget store is open: {}, schema versions {}", settings, opened.schemaVersions());
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot open the {} budget store ({}): {} (SQLState {}). There is no BudgetStore service until it"
                    + " opens; retrying in {} s", settings.backend(), settings, e.getMessage(),
                    e instanceof SQLException sql ? sql.getSQLState() : "-", settings.retrySeconds(), e);
            retry = lifecycle.schedule(this::reconcile, settings.retrySeconds(), TimeUnit.SECONDS);
        }
    }

    private void closeStore() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping and the framework unregistered it already.
            }
            registration = null;
        }
        if (store != null) {
            store.close();
            LOG.info("The budget store is closed: {}", storeSettings);
            store = null;
            storeSettings = null;
            storeSource = null;
        }
    }

    private ConnectionPool pool(Object source) throws SQLException {
        if (source instanceof DataSourceFactory factory) {
            return new ConnectionPool(factory.createDriver(null), settings.url(), settings.user(), settings.password(),
                    settings.maxConnections());
        }
        DataSource dataSource = dataSources.get(source);
        if (dataSource == null) {
            // Unbound meanwhile; the unbind queued a reconcile that waits for the next match.
            throw new SQLException("the DataSource service " + source + " went away", "08003");
        }
        return new ConnectionPool(ConnectionPool.dataSourceSource(dataSource, settings.user(), settings.password()),
                settings.maxConnections());
    }

    /** The best-ranked DataSource service matching the configured filter. */
    private Optional<ServiceReference<DataSource>> bestDataSource() {
        var filter = settings.dataSourceFilter();
        // ServiceReference orders by ranking, then by age: the greatest is the one to use.
        return dataSources.keySet().stream().filter(filter::match).max(ServiceReference::compareTo);
    }

    private void schedulePruning() {
        if (pruning != null) {
            pruning.cancel(false);
        }
        long minutes = settings.retentionIntervalMinutes();
        pruning = retention.scheduleWithFixedDelay(this::prune, minutes, minutes, TimeUnit.MINUTES);
    }

    /** Deletes raw records past the retention age; rollups and ledger totals stay. */
    private void prune() {
        StoreSettings current = settings;
        BudgetStore open = registration == null ? null : store;
        if (current == null || current.retentionDays() == 0 || open == null) {
            return;
        }
        Instant before = Instant.now().minus(Duration.ofDays(current.retentionDays()));
        try {
            long deleted = open.pruneUsage(before);
            if (deleted > 0) {
                LOG.info("Retention: deleted {} usage record(s) of calls made before {}", deleted, before);
            }
        } catch (RuntimeException e) {
            // The next run tries again; a failed prune deletes nothing it did not commit.
            LOG.error("Retention: pruning usage of calls made before {} failed", before, e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
