package org.atlas.budget.pricing.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.rules.ExternalResource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** A real, embedded Felix framework per test; the test's classes (API included) come from the class path. */
public final class OsgiFramework extends ExternalResource {

    private final Map<String, String> extraProperties;
    private Framework framework;
    private Path storage;

    public OsgiFramework() {
        this(Map.of());
    }

    /** A framework with more launch properties, e.g. {@code karaf.data} to act as Karaf does. */
    public OsgiFramework(Map<String, String> extraProperties) {
        this.extraProperties = Map.copyOf(extraProperties);
    }

    @Override
    protected void before() throws Throwable {
        storage = Files.createTempDirectory("pricing-osgi");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Map<String, String> properties = new HashMap<>(extraProperties);
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_BOOTDELEGATION, "org.atlas.budget.*");
        framework = factory.newFramework(properties);
        framework.start();
    }

    @Override
    protected void after() {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (Exception e) {
            throw new IllegalStateException("the test framework did not stop", e);
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    public Path storage() {
        return storage;
    }
}
