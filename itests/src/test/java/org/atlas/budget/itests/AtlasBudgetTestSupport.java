package org.atlas.budget.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base class of the integration tests: boots the Atlas Budget distribution that this build
 * produced (the karaf-assembly tar.gz, copied to {@code target/} by the pom) in a forked JVM,
 * one container per test class.
 *
 * <p>Subclasses add options by overriding {@link #extraOptions()}. The test methods run inside
 * Karaf; injected fields and the helpers here are usable there. Everything that waits does so
 * against a deadline by polling; nothing sleeps a fixed time. Ports are free ones picked when
 * the configuration is built, never fixed numbers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class AtlasBudgetTestSupport {

    /** What a helper waits at most unless told otherwise. */
    protected static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Roles of the subject that {@link #executeCommand(String)} runs commands as. */
    protected static final String[] ADMIN_ROLES = {"admin", "manager", "viewer", "systembundles"};

    /** The prefix of the symbolic name of every Atlas Budget bundle. */
    protected static final String ATLAS_BUNDLE_PREFIX = "org.atlas.budget";

    /** System properties passed from failsafe (see the pom), with fallbacks for an IDE run. */
    protected static final String DISTRIBUTION =
            System.getProperty("atlas.distribution", "target/atlas-budget-distribution.tar.gz");
    protected static final String KARAF_VERSION = System.getProperty("karaf.version", "4.4.10");
    protected static final String LOCAL_REPOSITORY =
            System.getProperty("org.ops4j.pax.url.mvn.localRepository");

    /** Inside Karaf: the Maven version of the project, e.g. 0.1.0-SNAPSHOT. */
    protected static final String PROPERTY_ATLAS_VERSION = "atlas.itest.version";

    @Inject
    protected BundleContext bundleContext;

    /** Services the test got through awaitService; released after each test. */
    private final List<ServiceReference<?>> heldServices = new ArrayList<>();

    @org.junit.After
    public void releaseHeldServices() {
        for (ServiceReference<?> reference : heldServices) {
            bundleContext.ungetService(reference);
        }
        heldServices.clear();
    }

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    // ---------------------------------------------------------------- configuration (test JVM)

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(baseOptions());
        options.addAll(Arrays.asList(extraOptions()));
        return options.toArray(new Option[0]);
    }

    /** Options a test class adds to (or overrides in) the base configuration. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** The base configuration: this build's distribution, free ports, JDK 17 module flags. */
    protected List<Option> baseOptions() {
        File distribution = new File(DISTRIBUTION).getAbsoluteFile();
        if (!distribution.isFile()) {
            throw new IllegalStateException("The distribution under test is missing: " + distribution
                    + " (run the build through Maven: mvn verify)");
        }
        List<Option> options = new ArrayList<>();
        options.add(karafDistributionConfiguration()
                .frameworkUrl(distribution.toURI().toString())
                .karafVersion(KARAF_VERSION)
                .name("Atlas Budget")
                .unpackDirectory(new File("target/exam"))
                .useDeployFolder(false));
        options.add(configureConsole().ignoreLocalConsole());
        options.add(logLevel(LogLevel.INFO));

        options.add(editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort",
                Integer.toString(freePort())));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                Integer.toString(freePort())));
        // RMI: Pax Exam itself puts free ports into rmiRegistryPort and rmiServerPort (its values
        // win over any set here). It creates that RMI registry in the test JVM, on all interfaces,
        // and Karaf's JMX connector registers in it: the registry is Pax Exam's, not Karaf's.

        // Karaf resolves Pax Exam's own "exam" feature through Maven: use the build's repository.
        if (LOCAL_REPOSITORY != null && !LOCAL_REPOSITORY.isBlank()) {
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", LOCAL_REPOSITORY));
        }
        options.add(systemProperty(PROPERTY_ATLAS_VERSION).value(System.getProperty("atlas.version", "")));
        options.add(jdk17Options());
        options.add(karafLogOption());
        return options;
    }

    /**
     * The JVM flags that bin/karaf passes on JDK 9+ and Pax Exam's bare "java" does not (paths
     * are relative to the Karaf home, the forked JVM's working folder), and a heap like bin/karaf's.
     */
    protected static Option jdk17Options() {
        return vmOptions(
                "-Xms128m", "-Xmx512m",
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED");
    }

    /**
     * Karaf's own log goes to target/karaf-logs/TESTCLASS.log, so it outlives the runtime folder
     * that Pax Exam deletes after the class.
     */
    protected Option karafLogOption() {
        String log = new File("target/karaf-logs/" + getClass().getSimpleName() + ".log").getAbsolutePath();
        return composite(
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.fileName", log),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.filePattern",
                        log + ".%i"));
    }

    /** A TCP port that is free on the loopback interface now. */
    protected static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    // ---------------------------------------------------------------- helpers (inside Karaf)

    /** A password as Karaf's "basic" JAAS encryption stores it with SHA-256 and hexadecimal. */
    protected static String karafDigest(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{CRYPT}" + HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT) + "{CRYPT}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls the condition until it holds; fails with the description when the deadline passes. */
    protected static void awaitCondition(String description, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + description);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + description);
            }
        }
    }

    /** Waits for a service of the type, optionally matching an LDAP filter (may be null). */
    protected <T> T awaitService(Class<T> type, String filter, Duration timeout) {
        String spec = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        if (filter != null && !filter.isBlank()) {
            spec = "(&" + spec + filter + ")";
        }
        Filter osgiFilter;
        try {
            osgiFilter = FrameworkUtil.createFilter(spec);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Bad filter: " + spec, e);
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, osgiFilter, null);
        tracker.open(true);
        try {
            if (tracker.waitForService(timeout.toMillis()) == null) {
                throw new AssertionError("No service " + spec + " within " + timeout.toSeconds() + " s");
            }
            // Get it for the test itself before the tracker lets go: a delayed DS component whose
            // last user ungets it is disposed, and the test would hold a deactivated object.
            ServiceReference<T> reference = tracker.getServiceReference();
            T service = bundleContext.getService(reference);
            if (service == null) {
                throw new AssertionError("Service " + spec + " went away while it was being fetched");
            }
            heldServices.add(reference);
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + spec, e);
        } finally {
            tracker.close();
        }
    }

    protected <T> T awaitService(Class<T> type) {
        return awaitService(type, null, DEFAULT_TIMEOUT);
    }

    /** The installed bundle with this symbolic name, if any. */
    protected Optional<Bundle> findBundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst();
    }

    /** Every installed bundle whose symbolic name starts with the prefix. */
    protected List<Bundle> findBundles(String symbolicNamePrefix) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(symbolicNamePrefix))
                .collect(Collectors.toList());
    }

    protected static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    protected static String describe(Bundle bundle) {
        return bundle.getBundleId() + " " + bundle.getSymbolicName() + "/" + bundle.getVersion()
                + " " + stateName(bundle.getState());
    }

    protected static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNKNOWN(" + state + ")";
        }
    }

    /** The properties of a configuration, failing when it does not exist. */
    protected Dictionary<String, Object> configuration(String pid) throws IOException {
        Configuration configuration = configurationAdmin.getConfiguration(pid, null);
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            throw new AssertionError("No configuration " + pid);
        }
        return properties;
    }

    /** Runs a shell command as an administrator and returns what it printed. */
    protected String executeCommand(String command) {
        return executeCommand(command, DEFAULT_TIMEOUT, ADMIN_ROLES);
    }

    /**
     * Runs a Karaf shell command in a new session, as a subject holding the given roles (the
     * command ACLs check them), and returns what it printed followed by its result, if any.
     * A command that throws fails the test with its output.
     */
    protected String executeCommand(String command, Duration timeout, String... roles) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest"));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "itest-command");
            thread.setDaemon(true);
            return thread;
        });
        try (Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out)) {
            Future<Object> result = executor.submit(() -> Subject.doAs(subject,
                    (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
            Object value = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (value != null) {
                out.println(value);
            }
            out.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            throw new AssertionError("Command '" + command + "' did not finish within "
                    + timeout.toSeconds() + " s; output so far:\n" + bytes.toString(StandardCharsets.UTF_8), e);
        } catch (ExecutionException e) {
            throw new AssertionError("Command '" + command + "' failed: " + e.getCause()
                    + "\n" + bytes.toString(StandardCharsets.UTF_8), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running '" + command + "'", e);
        } finally {
            executor.shutdownNow();
        }
    }

    /** Polls Karaf's log until one line holds every fragment. */
    protected void awaitLogLine(String description, String... fragments) throws IOException {
        Path log = karafLog();
        awaitCondition(description + ": a line of " + log + " with " + Arrays.toString(fragments), DEFAULT_TIMEOUT,
                () -> logLines(log).stream().anyMatch(line -> Arrays.stream(fragments).allMatch(line::contains)));
    }

    /** Karaf's log file, as etc/org.ops4j.pax.logging.cfg names it (the base class points it to target/karaf-logs). */
    protected Path karafLog() throws IOException {
        Object configured = configuration("org.ops4j.pax.logging").get("log4j2.appender.rolling.fileName");
        String name = configured == null ? "${karaf.log}/karaf.log" : configured.toString();
        String folder = System.getProperty("karaf.log", Paths.get(System.getProperty("karaf.data"), "log").toString());
        return Paths.get(name.replace("${karaf.log}", folder));
    }

    protected static List<String> logLines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Karaf's log " + log, e);
        }
    }

}
