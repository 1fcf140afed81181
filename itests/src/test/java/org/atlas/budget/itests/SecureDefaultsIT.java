package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.junit.Assume;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

/**
 * The secure defaults hold in a running distribution: every listener on the loopback interface,
 * the admin that bin/atlas-setup creates can log in, and passwords end up hashed.
 */
public class SecureDefaultsIT extends AtlasBudgetTestSupport {

    private static final String PROPERTY_ADMIN_PASSWORD = "atlas.itest.admin.password";
    private static final String PROPERTY_BOOT_USER_PASSWORD = "atlas.itest.boot.password";
    /** A user written with a plain password into users.properties before Karaf starts. */
    private static final String BOOT_USER = "itest-boot";

    /**
     * Runs the shipped bin/atlas-setup (test JVM side) on a copy of the shipped etc/ and boots
     * the container with the users.properties it wrote; the password reaches the tests inside
     * Karaf as a system property.
     */
    @Override
    protected Option[] extraOptions() {
        try {
            Path home = Paths.get("target/atlas-setup-" + getClass().getSimpleName()).toAbsolutePath();
            deleteRecursively(home);
            DistributionArchive.underTest().extractSetupFiles(home);
            DistributionArchive.SetupRun run = DistributionArchive.runAtlasSetup(home, Duration.ofSeconds(30));
            if (run.exitCode() != 0 || run.password() == null) {
                throw new IllegalStateException("bin/atlas-setup failed (" + run.exitCode() + "):\n" + run.output());
            }
            String bootPassword = UUID.randomUUID().toString();
            Files.writeString(run.usersFile(), BOOT_USER + " = " + bootPassword + ",_g_:budgetviewers"
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new Option[] {
                replaceConfigurationFile("etc/users.properties", run.usersFile().toFile()),
                systemProperty(PROPERTY_ADMIN_PASSWORD).value(run.password()),
                systemProperty(PROPERTY_BOOT_USER_PASSWORD).value(bootPassword)
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void everyListenerIsConfiguredForTheLoopbackInterface() throws IOException {
        assertEquals("127.0.0.1", configuration("org.apache.karaf.shell").get("sshHost"));
        assertEquals("127.0.0.1", String.valueOf(
                configuration("org.ops4j.pax.web").get("org.ops4j.pax.web.listening.addresses")));

        Dictionary<String, Object> management = configuration("org.apache.karaf.management");
        assertEquals("127.0.0.1", management.get("rmiRegistryHost"));
        assertEquals("127.0.0.1", management.get("rmiServerHost"));
        String serviceUrl = String.valueOf(management.get("serviceUrl"));
        assertTrue(serviceUrl, serviceUrl.startsWith("service:jmx:rmi://127.0.0.1:"));
        assertTrue(serviceUrl, serviceUrl.contains("/jndi/rmi://127.0.0.1:"));
    }

    @Test
    public void sshHttpAndJmxListenOnLoopbackOnly() throws IOException {
        Path tcp = Paths.get("/proc/net/tcp");
        Assume.assumeTrue("needs Linux's /proc/net/tcp", Files.isReadable(tcp));
        int sshPort = port(configuration("org.apache.karaf.shell").get("sshPort"));
        int httpPort = port(configuration("org.ops4j.pax.web").get("org.osgi.service.http.port"));
        // Not the RMI registry: under Pax Exam it is Pax Exam's own, in the test JVM (see the base class).
        int jmxPort = port(configuration("org.apache.karaf.management").get("rmiServerPort"));

        Map<String, Integer> ports = Map.of("SSH", sshPort, "HTTP", httpPort, "JMX RMI server", jmxPort);
        ports.forEach((name, port) -> {
            awaitCondition(name + " listening on port " + port, DEFAULT_TIMEOUT, () -> !listeners(port).isEmpty());
            List<InetAddress> addresses = listeners(port);
            assertTrue(name + " (port " + port + ") listens beyond the loopback interface: " + addresses,
                    addresses.stream().allMatch(InetAddress::isLoopbackAddress));
        });
    }

    @Test
    public void adminCreatedByAtlasSetupLogsInWithItsRoles() throws LoginException {
        String password = System.getProperty(PROPERTY_ADMIN_PASSWORD);
        assertNotNull("the password printed by bin/atlas-setup", password);

        LoginContext login = login("admin", password);
        Set<String> roles = login.getSubject().getPrincipals(RolePrincipal.class).stream()
                .map(RolePrincipal::getName).collect(Collectors.toSet());
        login.logout();
        assertTrue("roles of admin: " + roles,
                roles.containsAll(Set.of("admin", "ssh", "budget-admin", "budget-viewer")));
    }

    @Test
    public void wrongPasswordIsRefused() {
        try {
            login("admin", "not-the-password").logout();
            fail("a wrong password logged in");
        } catch (LoginException expected) {
            // refused, as it should be
        }
    }

    @Test
    public void plainPasswordWrittenBeforeTheStartIsHashedAtStartup() throws Exception {
        assertHashedAndUsable(BOOT_USER, System.getProperty(PROPERTY_BOOT_USER_PASSWORD));
    }

    @Test
    public void plainPasswordWrittenWhileRunningIsHashedWithinSeconds() throws Exception {
        String user = "itest-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        Files.writeString(usersFile(), user + " = " + password + ",_g_:budgetviewers" + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertHashedAndUsable(user, password);
    }

    /**
     * Karaf (AutoEncryptionSupport in jaas.modules) digests plain passwords in users.properties
     * when it starts and whenever the file changes; no login is needed for that.
     */
    private void assertHashedAndUsable(String user, String password) throws Exception {
        assertEquals("true", String.valueOf(configuration("org.apache.karaf.jaas").get("encryption.enabled")));
        assertNotNull("password of " + user, password);
        String expected = user + " = " + karafDigest(password) + ",_g_:budgetviewers";
        awaitCondition("Karaf to replace the plain password of " + user + " by its digest; now: " + userLine(user),
                DEFAULT_TIMEOUT, () -> expected.equals(userLine(user)));
        assertFalse(Files.readString(usersFile(), StandardCharsets.UTF_8).contains(password));
        login(user, password).logout();
    }

    private static Path usersFile() {
        return Paths.get(System.getProperty("karaf.etc"), "users.properties");
    }

    /** The line of users.properties that defines the user, or null (also while Karaf rewrites it). */
    private static String userLine(String user) {
        try {
            return Files.readAllLines(usersFile(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith(user + " "))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Logs in to the JAAS realm "karaf" (the one SSH, JMX and the web console use). */
    private static LoginContext login(String user, String password) throws LoginException {
        LoginContext context = new LoginContext("karaf", new Subject(), callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback) {
                    ((NameCallback) callback).setName(user);
                } else if (callback instanceof PasswordCallback) {
                    ((PasswordCallback) callback).setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        });
        context.login();
        return context;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(path);
                }
            }
        }
    }

    private static int port(Object value) {
        assertNotNull("port not configured", value);
        return Integer.parseInt(String.valueOf(value).trim());
    }

    /** Local addresses of the TCP sockets in LISTEN state on the port (from /proc/net/tcp and tcp6). */
    private static List<InetAddress> listeners(int port) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Paths.get(table), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue; // no IPv6 table on this machine
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 4 || !"0A".equals(fields[3])) {
                    continue; // 0A is LISTEN
                }
                String[] local = fields[1].split(":");
                if (Integer.parseInt(local[1], 16) == port) {
                    addresses.add(decode(local[0]));
                }
            }
        }
        return addresses;
    }

    /** /proc/net/tcp* addresses are 32-bit words in host (little-endian) byte order. */
    private static InetAddress decode(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + i) * 2;
                bytes[word * 4 + 3 - i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }
}
