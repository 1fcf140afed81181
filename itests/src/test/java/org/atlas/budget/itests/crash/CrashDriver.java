package org.atlas.budget.itests.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The crash test's driver, a bundle dropped into {@code deploy/} of a real distribution (built
 * by {@link CrashIT} from this class). In {@code stream} mode it pushes calls through the budget
 * (admit, complete, append to the store) from several threads and, only after the store
 * acknowledged a record, appends {@code requestId cost} to {@code acked.txt} and forces it to
 * disk. In {@code report} mode (after a restart) it writes the rebuilt ledger's spend of the
 * policy to {@code report.txt}. The folder is {@code ${karaf.home}/crash-control}.
 */
public final class CrashDriver implements BundleActivator {

    static final String POLICY = "crash-budget";
    static final int THREADS = 4;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private ServiceTracker<BudgetStore, BudgetStore> stores;
    private ServiceTracker<UsageInterceptor, UsageInterceptor> interceptors;
    private ServiceTracker<BudgetManager, BudgetManager> managers;

    @Override
    public void start(BundleContext context) throws Exception {
        Path control = Paths.get(System.getProperty("karaf.home"), "crash-control");
        String mode = Files.readString(control.resolve("mode"), StandardCharsets.UTF_8).strip();
        String round = Files.readString(control.resolve("round"), StandardCharsets.UTF_8).strip();
        stores = new ServiceTracker<>(context, BudgetStore.class, null);
        interceptors = new ServiceTracker<>(context, UsageInterceptor.class, null);
        managers = new ServiceTracker<>(context, BudgetManager.class, null);
        stores.open();
        interceptors.open();
        managers.open();
        if (mode.equals("stream")) {
            FileChannel acked = FileChannel.open(control.resolve("acked.txt"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(start("crash-driver-" + t, () -> stream(control, round, thread, acked)));
            }
        } else {
            threads.add(start("crash-driver-report", () -> report(control)));
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void stream(Path control, String round, int thread, FileChannel acked) {
        try {
            BudgetStore store = stores.waitForService(TimeUnit.MINUTES.toMillis(2));
            UsageInterceptor interceptor = interceptors.waitForService(TimeUnit.MINUTES.toMillis(2));
            BudgetManager manager = managers.waitForService(TimeUnit.MINUTES.toMillis(2));
            ensurePolicy(manager);
            for (long i = 0; running; i++) {
                String id = "crash-" + round + "-" + thread + "-" + i;
                AdmissionRequest request = AdmissionRequest.chat(id, "openai", "gpt-4o", null, 1000, 1000);
                Admission admission = interceptor.admit(request);
                UsageRecord record = interceptor.complete(admission, request.toReport(admission.model(), true,
                        Usage.builder().inputTokens(1000).outputTokens(100 + i % 400).build()));
                store.append(List.of(record));
                // Acknowledged: the store has it. Only now does the test learn of it.
                String line = id + " " + record.charge().cost().amount().toPlainString() + "\n";
                synchronized (acked) {
                    acked.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                    acked.force(true);
                }
            }
        } catch (Exception | Error e) {
            fail(control, e);
        }
    }

    private static void ensurePolicy(BudgetManager manager) {
        synchronized (CrashDriver.class) {
            if (manager.policy(POLICY).isEmpty()) {
                try {
                    manager.create(new BudgetPolicy(POLICY, null, Scope.GLOBAL, null,
                            Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC")), Money.of("1000000", "USD"), List.of(),
                            LimitAction.WARN, null, null, null, true, 0));
                } catch (IllegalArgumentException e) {
                    // The store bound between the check and the create and brought the policy of an
                    // earlier round back: it is there, which is all this needs.
                    if (manager.policy(POLICY).isEmpty()) {
                        throw e;
                    }
                }
            }
        }
    }

    private void report(Path control) {
        try {
            BudgetManager manager = managers.waitForService(TimeUnit.MINUTES.toMillis(2));
            // check() waits for the ledger to be rebuilt from the store; spend() alone would not.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (true) {
                try {
                    manager.check(AdmissionRequest.chat("crash-report-check", "openai", "gpt-4o", null, 1, 1));
                    break;
                } catch (RuntimeException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(100);
                }
            }
            List<BucketStatus> buckets = manager.spend(POLICY);
            StringBuilder out = new StringBuilder();
            for (BucketStatus bucket : buckets) {
                out.append(bucket.periodStart()).append(' ').append(bucket.spent().amount().toPlainString())
                        .append(' ').append(bucket.held().amount().toPlainString()).append('\n');
            }
            Path tmp = control.resolve("report.tmp");
            Files.writeString(tmp, out.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, control.resolve("report.txt"));
        } catch (Exception | Error e) {
            fail(control, e);
        }
    }

    private void fail(Path control, Throwable e) {
        if (!running) {
            return;
        }
        try {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            Files.writeString(control.resolve("driver-error-" + Thread.currentThread().getName() + ".txt"),
                    trace.toString(), StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // The test sees the missing acknowledgements or report instead.
        }
    }

    @Override
    public void stop(BundleContext context) {
        running = false;
        stores.close();
        interceptors.close();
        managers.close();
    }
}
