package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.api.spi.BudgetStore;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The store on the distribution: embedded Derby with nothing installed or configured, its data
 * surviving a restart of the store bundle, a bad configuration rejected without effect, and the
 * switch to PostgreSQL (127.0.0.1:5432, database test) through the atlas-budget-postgresql
 * feature and Config Admin.
 */
public class StorageIT extends AtlasBudgetTestSupport {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(60);
    /** The newest step of the store's migrations; a new migration raises it here too, on purpose. */
    private static final int SCHEMA_VERSION = 6;

    private BudgetStore derbyStore() {
        return awaitService(BudgetStore.class, "(" + BudgetStore.BACKEND + "=derby)", STORE_TIMEOUT);
    }

    private static UsageRecord record(String id, String cost) {
        return record(id, cost, "storage-it-other");
    }

    private static UsageRecord record(String id, String cost, String policyId) {
        Instant now = Instant.now();
        UsageReport report = new UsageReport(id, "openai", "gpt-4o", Operation.CHAT, now, true,
                Dimensions.ofUser("alice"), Usage.builder().inputTokens(100).outputTokens(10).build());
        BucketKey bucket = new BucketKey(policyId, "*", Period.of(PeriodKind.MONTHLY, null).start(now));
        return new UsageRecord(report, new Charge(PricingStatus.PRICED, Money.of(cost, "USD"), "v1", "itest"), now,
                List.of(new LedgerEntry(bucket, Money.of(cost, "USD"))));
    }

    @Test
    public void theDerbyStoreIsUpWithItsSchemaAndItsDataSurvivesARestartOfTheStoreBundle() throws Exception {
        BudgetStore store = derbyStore();
        ServiceReference<BudgetStore> reference = bundleContext.getServiceReference(BudgetStore.class);
        assertEquals(SCHEMA_VERSION, reference.getProperty("atlas.budget.store.schema.version"));
        File folder = new File(System.getProperty("karaf.data"), "atlas-budget/db");
        assertTrue("the database lives in " + folder, new File(folder, "service.properties").isFile());

        BudgetManager manager = awaitService(BudgetManager.class);
        BudgetPolicy policy = new BudgetPolicy("storage-it", null, Scope.GLOBAL, null,
                Period.of(PeriodKind.MONTHLY, null), Money.of("10", "USD"), List.of(80), LimitAction.BLOCK, null, null,
                null, true, 0);
        awaitCondition("the manager to take policies", Duration.ofSeconds(30), () -> {
            try {
                manager.create(policy);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        String id = "storage-it-" + UUID.randomUUID();
        assertEquals(1, store.append(List.of(record(id, "0.25", "storage-it"))).size());

        Bundle persistence = findBundle("org.atlas.budget.persistence").orElseThrow();
        persistence.stop();
        persistence.start();
        BudgetStore reopened = derbyStore();
        assertTrue("the policy survives", reopened.loadPolicies().contains(policy));
        assertEquals("the record survives", record(id, "0.25").charge(), reopened.findUsage(id).orElseThrow().charge());
        assertTrue("appending it again adds nothing", reopened.append(List.of(record(id, "0.25"))).isEmpty());
        assertTrue(reopened.ledgerTotals(Instant.EPOCH).stream()
                .anyMatch(e -> e.bucket().policyId().equals("storage-it")
                        && e.amount().equals(Money.of("0.25", "USD"))));
    }

    @Test
    public void aBadStoreConfigurationIsRejectedByNameAndChangesNothing() throws Exception {
        BudgetStore before = derbyStore();
        Object serviceId = bundleContext.getServiceReference(BudgetStore.class).getProperty("service.id");
        Configuration config = configurationAdmin.getConfiguration(BudgetStore.PID, null);
        Dictionary<String, Object> bad = new Hashtable<>();
        bad.put("backend", "oracle");
        config.update(bad);
        try {
            awaitLogLine("the rejection naming the PID and the property", "Rejected the store configuration",
                    BudgetStore.PID + ": backend must be derby or postgresql, was 'oracle'", "The store in force stays");
            assertEquals("the same store service stays registered", serviceId,
                    bundleContext.getServiceReference(BudgetStore.class).getProperty("service.id"));
            String id = "after-bad-config-" + UUID.randomUUID();
            assertEquals(1, before.append(List.of(record(id, "0.01"))).size());
        } finally {
            config.delete();
        }
    }

    /**
     * Installs atlas-budget-postgresql; true when it was not installed before. The tests share
     * one container, so an earlier test may have installed it and removed the configuration file
     * it ships (which the feature writes only when it is installed).
     */
    private boolean installPostgresqlFeature() throws Exception {
        boolean fresh = !featuresService.isInstalled(featuresService.getFeature("atlas-budget-postgresql"));
        featuresService.installFeature("atlas-budget-postgresql", System.getProperty(PROPERTY_ATLAS_VERSION));
        return fresh;
    }

    private DataSourceFactory postgresqlFactory() {
        return awaitService(DataSourceFactory.class,
                "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=org.postgresql.Driver)", Duration.ofSeconds(60));
    }

    private static Properties postgresUser() {
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        return credentials;
    }

    /** A new schema in the database test, for one test's tables. */
    private static String newSchema(Driver driver) throws java.sql.SQLException {
        String schema = "atlas_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = driver.connect("jdbc:postgresql://127.0.0.1:5432/test", postgresUser());
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    /** Removes the store configuration and the test's schema; the store goes back to Derby. */
    private void backToDerby(Path cfg, Driver driver, String schema) throws Exception {
        Files.deleteIfExists(cfg);
        configurationAdmin.getConfiguration(BudgetStore.PID, null).delete();
        try (Connection c = driver.connect("jdbc:postgresql://127.0.0.1:5432/test", postgresUser());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        derbyStore();
    }

    @Test
    public void theFeatureAndAConfigurationSwitchTheStoreToPostgresql() throws Exception {
        derbyStore();
        boolean fresh = installPostgresqlFeature();
        DataSourceFactory factory = postgresqlFactory();
        Driver driver = factory.createDriver(null);
        Properties credentials = postgresUser();
        String schema = newSchema(driver);
        // The feature ships etc/org.atlas.budget.store.cfg (backend postgresql, database
        // atlas_budget); File Install reads it back a moment later. Editing that file, as an
        // operator would, is the one source of truth that nothing overwrites afterwards.
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.atlas.budget.store.cfg");
        if (fresh) {
            awaitCondition("the feature's store configuration file", Duration.ofSeconds(60), () -> Files.exists(cfg));
        }
        try {
            Files.writeString(cfg, "backend = postgresql\njdbcUrl = jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
                    + schema + "\nuser = postgres\n");
            BudgetStore postgres = awaitService(BudgetStore.class, "(" + BudgetStore.BACKEND + "=postgresql)",
                    STORE_TIMEOUT);
            String id = "pg-" + UUID.randomUUID();
            assertEquals(1, postgres.append(List.of(record(id, "0.50"))).size());
            assertTrue(postgres.findUsage(id).isPresent());
            assertEquals(Set.of(), Set.copyOf(postgres.append(List.of(record(id, "0.50")))));
            try (Connection c = driver.connect("jdbc:postgresql://127.0.0.1:5432/test", credentials);
                    Statement s = c.createStatement();
                    java.sql.ResultSet rows = s.executeQuery("SELECT count(*) FROM " + schema + ".atlas_schema_version")) {
                rows.next();
                assertEquals("every migration recorded in PostgreSQL", SCHEMA_VERSION, rows.getInt(1));
            }
        } finally {
            backToDerby(cfg, driver, schema);
        }
    }

    @Test
    public void aDataSourceServiceCanSupplyTheConnections() throws Exception {
        derbyStore();
        boolean fresh = installPostgresqlFeature();
        DataSourceFactory factory = postgresqlFactory();
        Driver driver = factory.createDriver(null);
        Properties credentials = postgresUser();
        String schema = newSchema(driver);
        // What an operator's jdbc:ds-create (pax-jdbc-config) registers: a DataSource service
        // made by the driver's DataSourceFactory, named by dataSourceName.
        Properties dataSourceProps = new Properties();
        dataSourceProps.setProperty(DataSourceFactory.JDBC_URL,
                "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        dataSourceProps.setProperty(DataSourceFactory.JDBC_USER, "postgres");
        DataSource dataSource = factory.createDataSource(dataSourceProps);
        Dictionary<String, Object> serviceProps = new Hashtable<>();
        serviceProps.put("dataSourceName", schema);
        ServiceRegistration<DataSource> registration = bundleContext.registerService(DataSource.class, dataSource,
                serviceProps);
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.atlas.budget.store.cfg");
        if (fresh) {
            awaitCondition("the feature's store configuration file", Duration.ofSeconds(60), () -> Files.exists(cfg));
        }
        try {
            Files.writeString(cfg, "backend = postgresql\ndataSource = (dataSourceName=" + schema + ")\n");
            BudgetStore postgres = awaitService(BudgetStore.class,
                    "(&(" + BudgetStore.BACKEND + "=postgresql)(atlas.budget.store.dataSource=*))", STORE_TIMEOUT);
            assertEquals("(dataSourceName=" + schema + ")", bundleContext.getServiceReference(BudgetStore.class)
                    .getProperty("atlas.budget.store.dataSource"));
            String id = "ds-" + UUID.randomUUID();
            assertEquals(1, postgres.append(List.of(record(id, "0.75"))).size());
            try (Connection c = driver.connect("jdbc:postgresql://127.0.0.1:5432/test", credentials);
                    java.sql.PreparedStatement q = c.prepareStatement(
                            "SELECT count(*) FROM " + schema + ".usage_request WHERE request_id = ?")) {
                q.setString(1, id);
                try (java.sql.ResultSet rows = q.executeQuery()) {
                    rows.next();
                    assertEquals("the record went through the DataSource into its schema", 1, rows.getInt(1));
                }
            }

            registration.unregister();
            registration = null;
            awaitCondition("the store to close with its DataSource", STORE_TIMEOUT,
                    () -> bundleContext.getServiceReference(BudgetStore.class) == null);
            awaitLogLine("the store saying what it waits for", "The postgresql store waits for a DataSource service",
                    "(dataSourceName=" + schema + ")");
        } finally {
            if (registration != null) {
                registration.unregister();
            }
            backToDerby(cfg, driver, schema);
        }
    }

    @Test
    public void aDataSourceFilterThatDoesNotParseIsRejectedByName() throws Exception {
        derbyStore();
        Object serviceId = bundleContext.getServiceReference(BudgetStore.class).getProperty("service.id");
        Configuration config = configurationAdmin.getConfiguration(BudgetStore.PID, null);
        Dictionary<String, Object> bad = new Hashtable<>();
        bad.put("backend", "postgresql");
        bad.put("dataSource", "(dataSourceName=budget");
        config.update(bad);
        try {
            awaitLogLine("the rejection naming the property", "Rejected the store configuration",
                    BudgetStore.PID + ": dataSource must be an OSGi filter", "'(dataSourceName=budget'");
            assertEquals("the same store service stays registered", serviceId,
                    bundleContext.getServiceReference(BudgetStore.class).getProperty("service.id"));
        } finally {
            config.delete();
        }
    }
}
