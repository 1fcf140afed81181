package org.atlas.budget.itests.crash;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Page;
import org.atlas.budget.api.model.UsageQuery;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.persistence.internal.jdbc.ConnectionPool;
import org.atlas.budget.persistence.internal.jdbc.JdbcBudgetStore;
import org.junit.Test;

/**
 * Guarantee 4 of the design, shown with real processes: usage streams into a real distribution
 * (started with {@code bin/karaf server}), the JVM is killed with SIGKILL at a random moment, the
 * distribution is started again, and then:
 * <ul>
 * <li>every record whose acknowledgement reached the driver is in the store, with its cost;</li>
 * <li>no request id is stored twice (and the records carry one ledger entry each);</li>
 * <li>the store's ledger total equals the sum of the records' ledger entries;</li>
 * <li>the ledger the restarted manager rebuilt equals that sum as well.</li>
 * </ul>
 * Rounds: {@code -Datlas.crash.rounds} (2 in the default build; the Maven profile
 * {@code crash-full} runs 5).
 */
public class CrashIT {

    private static final int ROUNDS = Integer.getInteger("atlas.crash.rounds", 2);
    private static final Duration BOOT = Duration.ofMinutes(3);

    private final Random random = new Random();

    @Test
    public void acknowledgedUsageSurvivesKillMinus9AndTheLedgerEqualsTheRecords() throws Exception {
        Path work = Paths.get("target", "crash", Long.toHexString(System.nanoTime())).toAbsolutePath();
        Files.createDirectories(work);
        Path home = unpack(work);
        Path control = Files.createDirectories(home.resolve("crash-control"));
        freePorts(home);
        Path driver = buildDriver(work.resolve("crash-driver.jar"));
        Files.copy(driver, home.resolve("deploy/crash-driver.jar"));

        for (int round = 1; round <= ROUNDS; round++) {
            // Stream, then kill at a random moment once acknowledgements flow.
            Files.writeString(control.resolve("mode"), "stream");
            Files.writeString(control.resolve("round"), Integer.toString(round));
            int ackedBefore = acked(control).size();
            Process karaf = start(home, work.resolve("karaf-stream-" + round + ".out"));
            try {
                awaitFile("acknowledgements of round " + round, control, () -> acked(control).size() > ackedBefore + 50,
                        karaf);
                Thread.sleep(500 + random.nextInt(3000));
            } finally {
                kill9(karaf);
            }
            int acknowledged = acked(control).size();

            // Restart: the manager rebuilds its ledger; the driver reports it.
            Files.writeString(control.resolve("mode"), "report");
            Files.deleteIfExists(control.resolve("report.txt"));
            Process again = start(home, work.resolve("karaf-report-" + round + ".out"));
            try {
                awaitFile("the report of the rebuilt ledger, round " + round, control,
                        () -> Files.exists(control.resolve("report.txt")), again);
            } finally {
                kill9(again);
            }
            verify(home, control, round, acknowledged);
        }
    }

    private void verify(Path home, Path control, int round, int acknowledged) throws Exception {
        Map<String, BigDecimal> acked = acked(control);
        assertEquals("acknowledged ids are unique", acknowledged, acked.size());
        String url = "jdbc:derby:" + home.resolve("data/atlas-budget/db").toAbsolutePath();
        Map<String, BigDecimal> stored = new HashMap<>();
        BigDecimal entries = BigDecimal.ZERO;
        BigDecimal total;
        // Read through the store's own code, as the restarted product reads it: the history pages
        // (every record, newest first) and the ledger totals.
        try (JdbcBudgetStore store = new JdbcBudgetStore("derby",
                new ConnectionPool(new EmbeddedDriver(), url, null, null, 2), 100, 0)) {
            UsageQuery query = UsageQuery.between(null, null).withLimit(UsageQuery.MAX_LIMIT);
            Page<UsageRecord> page;
            do {
                page = store.queryUsage(query);
                for (UsageRecord record : page.items()) {
                    if (!record.requestId().startsWith("crash-")) {
                        continue;
                    }
                    BigDecimal previous = stored.put(record.requestId(), record.charge().cost().amount());
                    assertEquals("request id stored twice: " + record.requestId(), null, previous);
                    assertEquals("one ledger entry per record: " + record.ledger(), 1, record.ledger().size());
                    LedgerEntry entry = record.ledger().get(0);
                    assertEquals(CrashDriver.POLICY, entry.bucket().policyId());
                    entries = entries.add(entry.amount().amount());
                }
                query = query.withCursor(page.nextCursor());
            } while (page.hasMore());
            total = BigDecimal.ZERO;
            for (LedgerEntry bucket : store.ledgerTotals(Instant.EPOCH)) {
                if (bucket.bucket().policyId().equals(CrashDriver.POLICY)) {
                    total = total.add(bucket.amount().amount());
                }
            }
        } finally {
            shutdown(url);
        }
        for (Map.Entry<String, BigDecimal> ack : acked.entrySet()) {
            BigDecimal cost = stored.get(ack.getKey());
            if (cost == null) {
                fail("round " + round + ": acknowledged record " + ack.getKey() + " is not in the store ("
                        + acked.size() + " acknowledged, " + stored.size() + " stored)");
            }
            assertEquals("cost of " + ack.getKey(), 0, ack.getValue().compareTo(cost));
        }
        assertEquals("round " + round + ": the ledger total equals the sum of the records' ledger entries", 0,
                entries.compareTo(total));
        List<String> report = Files.readAllLines(control.resolve("report.txt"));
        assertEquals("one bucket (this month) in the report: " + report, 1, report.size());
        BigDecimal rebuilt = new BigDecimal(report.get(0).split(" ")[1]);
        assertEquals("round " + round + ": the rebuilt ledger equals the sum of the records (" + stored.size()
                + " records)", 0, entries.compareTo(rebuilt));
        assertTrue("round " + round + " acknowledged nothing", acked.size() > 50 * round);
        System.out.printf("crash round %d: %d acknowledged, %d stored, ledger %s%n", round, acked.size(),
                stored.size(), total.toPlainString());
    }

    private static void shutdown(String url) {
        try {
            new EmbeddedDriver().connect(url + ";shutdown=true", new Properties());
        } catch (SQLException e) {
            // 08006 is Derby's answer to a clean database shutdown.
            if (!"08006".equals(e.getSQLState())) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Map<String, BigDecimal> acked(Path control) {
        Map<String, BigDecimal> acked = new HashMap<>();
        Path file = control.resolve("acked.txt");
        if (!Files.exists(file)) {
            return acked;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                // A line cut by the kill was never a complete acknowledgement.
                String[] parts = line.split(" ");
                if (parts.length == 2 && !parts[1].isEmpty()) {
                    acked.put(parts[0], new BigDecimal(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(e);
        }
        return acked;
    }

    private static void awaitFile(String what, Path control, java.util.function.BooleanSupplier condition,
            Process karaf) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!condition.getAsBoolean()) {
            try (Stream<Path> files = Files.list(control)) {
                List<Path> errors = files.filter(p -> p.getFileName().toString().startsWith("driver-error")).toList();
                if (!errors.isEmpty()) {
                    fail("the driver failed: " + Files.readString(errors.get(0)));
                }
            }
            if (!karaf.isAlive()) {
                fail("Karaf exited (" + karaf.exitValue() + ") while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static Path unpack(Path work) throws Exception {
        File archive = new File(System.getProperty("atlas.distribution", "target/atlas-budget-distribution.tar.gz"))
                .getAbsoluteFile();
        Process tar = new ProcessBuilder("tar", "-xzf", archive.getPath(), "-C", work.toString()).inheritIO().start();
        assertEquals("tar", 0, tar.waitFor());
        try (Stream<Path> entries = Files.list(work)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("atlas-budget-")).findFirst()
                    .orElseThrow();
        }
    }

    private static void freePorts(Path home) throws IOException {
        set(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", freePort());
        set(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", freePort());
        set(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", freePort());
        set(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", freePort());
    }

    private static void set(Path file, String key, int value) throws IOException {
        String text = Files.readString(file);
        String updated = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "\\s*=.*$", key + " = " + value);
        Files.writeString(file, updated);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The driver bundle, from this build's compiled test classes. */
    private static Path buildDriver(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.atlas.budget.itests.crashdriver");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", CrashDriver.class.getName());
        main.putValue("Import-Package", "org.atlas.budget.api,org.atlas.budget.api.model,org.atlas.budget.api.spi,"
                + "org.osgi.framework,org.osgi.util.tracker");
        Path classes = Paths.get(CrashDriver.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String packagePath = CrashDriver.class.getPackageName().replace('.', '/');
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.list(classes.resolve(packagePath))) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("CrashDriver")).toList()) {
                jarOut.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    private static Process start(Path home, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("KARAF_DEBUG");
        return builder.start();
    }

    /** SIGKILL to the Karaf JVM (a child of the bin/karaf script) and the script. */
    private static void kill9(Process karaf) throws InterruptedException {
        ProcessHandle script = karaf.toHandle();
        List<ProcessHandle> all = script.descendants().toList();
        for (ProcessHandle child : all) {
            child.destroyForcibly();
        }
        script.destroyForcibly();
        for (ProcessHandle child : all) {
            child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> child).join();
        }
        karaf.waitFor(30, TimeUnit.SECONDS);
    }
}
