package org.atlas.budget.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The tar.gz that users download, read as it is (no Karaf started): secure defaults in etc/,
 * no user, and a bin/atlas-setup that creates the admin exactly once.
 */
@RunWith(JUnit4.class)
public class ShippedArchiveIT {

    private static DistributionArchive archive;

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder(new java.io.File("target"));

    @BeforeClass
    public static void openArchive() {
        archive = DistributionArchive.underTest();
    }

    @Test
    public void shipsNoUserOnlyTheGroups() {
        List<String> entries = archive.entry("etc/users.properties").text().lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());
        assertTrue("users.properties ships more than group definitions: " + entries,
                entries.stream().allMatch(line -> line.startsWith("_g_\\:")));

        Properties users = archive.entry("etc/users.properties").properties();
        assertEquals(Set.of("_g_:admingroup", "_g_:budgetviewers"), users.stringPropertyNames());
        assertTrue(users.getProperty("_g_:admingroup"), roles(users.getProperty("_g_:admingroup"))
                .containsAll(Set.of("group", "admin", "ssh", "budget-admin", "budget-viewer")));
        assertEquals(Set.of("group", "budget-viewer"), roles(users.getProperty("_g_:budgetviewers")));
    }

    @Test
    public void everyListenerIsBoundToTheLoopbackInterface() {
        assertEquals("127.0.0.1", archive.entry("etc/org.apache.karaf.shell.cfg").properties().getProperty("sshHost"));
        assertEquals("127.0.0.1", archive.entry("etc/org.ops4j.pax.web.cfg").properties()
                .getProperty("org.ops4j.pax.web.listening.addresses"));
        Properties management = archive.entry("etc/org.apache.karaf.management.cfg").properties();
        assertEquals("127.0.0.1", management.getProperty("rmiRegistryHost"));
        assertEquals("127.0.0.1", management.getProperty("rmiServerHost"));
        assertTrue(management.getProperty("serviceUrl"),
                management.getProperty("serviceUrl").matches("service:jmx:rmi://127\\.0\\.0\\.1:.*/jndi/rmi://127\\.0\\.0\\.1:.*"));
    }

    @Test
    public void passwordsAreStoredAsSha256Digests() {
        Properties jaas = archive.entry("etc/org.apache.karaf.jaas.cfg").properties();
        assertEquals("true", jaas.getProperty("encryption.enabled"));
        assertEquals("basic", jaas.getProperty("encryption.name"));
        assertEquals("SHA-256", jaas.getProperty("encryption.algorithm"));
        assertEquals("hexadecimal", jaas.getProperty("encryption.encoding"));
    }

    @Test
    public void scriptsAreExecutable() {
        assertTrue("bin/atlas-setup is not executable in the archive", archive.entry("bin/atlas-setup").isExecutable());
        assertTrue("bin/karaf is not executable in the archive", archive.entry("bin/karaf").isExecutable());
    }

    @Test
    public void atlasSetupCreatesTheAdminOnceAndStoresOnlyADigest() throws IOException {
        Path home = temporary.getRoot().toPath();
        archive.extractSetupFiles(home);

        DistributionArchive.SetupRun first = DistributionArchive.runAtlasSetup(home, Duration.ofSeconds(30));
        assertEquals(first.output(), 0, first.exitCode());
        String password = first.password();
        assertNotNull("no password printed:\n" + first.output(), password);
        assertTrue(password, password.matches("[A-Za-z0-9]{20}"));
        assertTrue(first.output(), first.output().contains("shown only once"));

        byte[] afterFirst = Files.readAllBytes(first.usersFile());
        String users = new String(afterFirst, StandardCharsets.UTF_8);
        assertFalse("the plain password was written to users.properties", users.contains(password));
        assertTrue(users, users.lines().anyMatch(
                ("admin = " + AtlasBudgetTestSupport.karafDigest(password) + ",_g_:admingroup")::equals));
        assertEquals("users.properties must be readable by its owner only",
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(first.usersFile()));

        DistributionArchive.SetupRun second = DistributionArchive.runAtlasSetup(home, Duration.ofSeconds(30));
        assertEquals(second.output(), 0, second.exitCode());
        assertFalse("a second run printed a password:\n" + second.output(), second.output().contains(password));
        assertArrayEquals("a second run changed users.properties", afterFirst, Files.readAllBytes(first.usersFile()));
    }

    private static Set<String> roles(String value) {
        return Set.of(value.split(",")).stream().map(String::strip).collect(Collectors.toSet());
    }
}
