package org.atlas.budget.itests;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The distribution's tar.gz as shipped, read from the test JVM (never inside Karaf): its
 * entries, their modes, and a run of its bin/atlas-setup on an extracted copy of etc/.
 */
final class DistributionArchive {

    /** One file of the archive, its path relative to the distribution's top folder. */
    record Entry(String path, int mode, byte[] content) {
        boolean isExecutable() {
            return (mode & 0111) != 0;
        }

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        Properties properties() {
            Properties properties = new Properties();
            try {
                properties.load(new java.io.StringReader(text()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties;
        }
    }

    /** What one run of bin/atlas-setup did. */
    record SetupRun(int exitCode, String output, Path usersFile) {
        /** The password the run printed, or null when it printed none. */
        String password() {
            Matcher matcher = Pattern.compile("password:\\s*(\\S+)").matcher(output);
            return matcher.find() ? matcher.group(1) : null;
        }
    }

    private final Path file;

    DistributionArchive(Path file) {
        this.file = file;
    }

    /** The archive that failsafe names (see the pom), as the tests see it. */
    static DistributionArchive underTest() {
        Path path = Paths.get(AtlasBudgetTestSupport.DISTRIBUTION).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("The distribution under test is missing: " + path);
        }
        return new DistributionArchive(path);
    }

    /** The regular files whose relative path matches, in archive order. */
    Map<String, Entry> entries(Predicate<String> wanted) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName();
                int slash = name.indexOf('/');
                String relative = slash < 0 ? name : name.substring(slash + 1);
                if (wanted.test(relative)) {
                    entries.put(relative, new Entry(relative, entry.getMode(), tar.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return entries;
    }

    Entry entry(String relativePath) {
        Entry entry = entries(relativePath::equals).get(relativePath);
        if (entry == null) {
            throw new AssertionError(relativePath + " is not in " + file.getFileName());
        }
        return entry;
    }

    /** Writes bin/atlas-setup and etc/ into the folder (modes kept), as a tiny distribution. */
    void extractSetupFiles(Path home) {
        try {
            for (Entry entry : entries(p -> p.equals("bin/atlas-setup") || p.startsWith("etc/")).values()) {
                Path target = home.resolve(entry.path());
                Files.createDirectories(target.getParent());
                Files.write(target, entry.content());
                target.toFile().setExecutable(entry.isExecutable(), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs HOME/bin/atlas-setup as a user would and returns its exit code and output. */
    static SetupRun runAtlasSetup(Path home, Duration timeout) {
        try {
            Path absoluteHome = home.toAbsolutePath();
            Process process = new ProcessBuilder(absoluteHome.resolve("bin/atlas-setup").toString())
                    .directory(absoluteHome.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/atlas-setup did not finish within " + timeout.toSeconds() + " s");
            }
            return new SetupRun(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                    home.resolve("etc/users.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run bin/atlas-setup in " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running bin/atlas-setup", e);
        }
    }
}
