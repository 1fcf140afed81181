package org.atlas.budget.api.guard;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Usage;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs provider calls through Atlas Budget: admit, call, then complete or abort.
 *
 * <p>A host provider bundle creates one guard with its bundle context and keeps it for its
 * lifetime. The guard tracks {@link UsageInterceptor} services dynamically and uses the one with
 * the highest {@code service.ranking} (ties: the lowest service id), so budget bundles may come,
 * go and restart while the host runs. When no interceptor can decide (none registered, or it
 * throws), the configured {@link FailMode} applies and is counted in {@link #metrics()}.
 *
 * <pre>{@code
 * BudgetGuard guard = new BudgetGuard(bundleContext, GuardConfig.DEFAULT);
 * String answer = guard.call(AdmissionRequest.chat(id, "openai", "gpt-4o", dims, 1200, 512),
 *         ctx -> {
 *             Response r = client.chat(ctx.model(), prompt, 512);
 *             return Completion.of(r.text(), usageOf(r));
 *         });
 * }</pre>
 *
 * <p>Thread-safe: one guard serves every thread of the host.
 */
public final class BudgetGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetGuard.class);

    private final Supplier<UsageInterceptor> interceptors;
    private final ServiceTracker<UsageInterceptor, UsageInterceptor> tracker;
    private final GuardConfig config;

    private final LongAdder admitted = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder throttleWaits = new LongAdder();
    private final LongAdder downgraded = new LongAdder();
    private final LongAdder failedOpen = new LongAdder();
    private final LongAdder failedClosed = new LongAdder();
    private final LongAdder completionFailures = new LongAdder();

    /** Tracks interceptors in the OSGi service registry; call {@link #close()} when done. */
    public BudgetGuard(BundleContext context, GuardConfig config) {
        Objects.requireNonNull(context, "context");
        this.config = Objects.requireNonNull(config, "config");
        this.tracker = new ServiceTracker<>(context, UsageInterceptor.class, null);
        this.tracker.open();
        this.interceptors = tracker::getService;
    }

    private BudgetGuard(Supplier<UsageInterceptor> interceptors, GuardConfig config) {
        this.interceptors = Objects.requireNonNull(interceptors, "interceptors");
        this.config = Objects.requireNonNull(config, "config");
        this.tracker = null;
    }

    /**
     * A guard outside OSGi (or over a source of your own): {@code interceptors} answers the
     * interceptor to use now, or {@code null} when there is none.
     */
    public static BudgetGuard using(Supplier<UsageInterceptor> interceptors, GuardConfig config) {
        return new BudgetGuard(interceptors, config);
    }

    /**
     * Runs one provider call under the budget.
     *
     * @return the call's value
     * @throws BudgetDeniedException      a policy refused the call (never run)
     * @throws BudgetThrottledException   a policy throttled it and the guard would not wait longer
     * @throws BudgetUnavailableException no interceptor could decide and the fail mode is CLOSED
     * @throws Exception                  whatever the provider call threw (after the admission
     *                                    was aborted)
     */
    public <T> T call(AdmissionRequest request, ProviderCall<T> call) throws Exception {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(call, "call");
        int waits = 0;
        while (true) {
            UsageInterceptor interceptor = interceptors.get();
            Admission admission;
            try {
                if (interceptor == null) {
                    throw new BudgetUnavailableException("no UsageInterceptor is registered");
                }
                admission = interceptor.admit(request);
            } catch (RuntimeException unavailable) {
                return failMode(request, call, unavailable);
            }
            Outcome outcome = admission.decision().outcome();
            if (outcome == Outcome.THROTTLE) {
                Duration wait = admission.decision().retryAfter();
                if (waits >= config.maxThrottleRetries() || wait.compareTo(config.maxThrottleWait()) > 0) {
                    denied.increment();
                    throw new BudgetThrottledException(admission.decision());
                }
                waits++;
                throttleWaits.increment();
                Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
                continue;
            }
            if (outcome == Outcome.BLOCK) {
                denied.increment();
                throw new BudgetDeniedException(admission.decision());
            }
            if (outcome == Outcome.DOWNGRADE && !config.acceptDowngrade()) {
                endQuietly(interceptor, admission, Usage.NONE, "downgrade not accepted by the host");
                denied.increment();
                throw new BudgetDeniedException(admission.decision());
            }
            if (outcome == Outcome.DOWNGRADE) {
                downgraded.increment();
            }
            admitted.increment();
            return run(interceptor, admission, call);
        }
    }

    private <T> T run(UsageInterceptor interceptor, Admission admission, ProviderCall<T> call) throws Exception {
        Context context = new Context(admission.model(), admission);
        Completion<T> completion;
        try {
            completion = call.execute(context);
            if (completion == null) {
                throw new IllegalStateException("the provider call returned no Completion");
            }
        } catch (Exception | Error failure) {
            endQuietly(interceptor, admission, context.consumed, "provider call failed: " + failure);
            throw failure;
        }
        try {
            interceptor.complete(admission, admission.request().toReport(admission.model(), completion.success(),
                    completion.usage()));
        } catch (RuntimeException e) {
            // The provider call happened and its result belongs to the host; the hold will expire.
            completionFailures.increment();
            LOG.error("Atlas Budget could not complete request {}; its hold expires at {}",
                    admission.request().requestId(), admission.expiresAt(), e);
        }
        return completion.value();
    }

    private <T> T failMode(AdmissionRequest request, ProviderCall<T> call, RuntimeException cause) throws Exception {
        if (config.failMode() == FailMode.CLOSED) {
            failedClosed.increment();
            if (cause instanceof BudgetUnavailableException unavailable) {
                throw unavailable;
            }
            throw new BudgetUnavailableException("Atlas Budget could not decide: " + cause, cause);
        }
        failedOpen.increment();
        LOG.warn("Atlas Budget could not decide on request {}; running it untracked (fail-open): {}",
                request.requestId(), cause.toString());
        Completion<T> completion = call.execute(new Context(request.model(), null));
        return completion == null ? null : completion.value();
    }

    private void endQuietly(UsageInterceptor interceptor, Admission admission, Usage consumed, String cause) {
        try {
            interceptor.abort(admission, consumed, cause);
        } catch (RuntimeException e) {
            completionFailures.increment();
            LOG.error("Atlas Budget could not abort request {}; its hold expires at {}",
                    admission.request().requestId(), admission.expiresAt(), e);
        }
    }

    public GuardMetrics metrics() {
        return new GuardMetrics(admitted.sum(), denied.sum(), throttleWaits.sum(), downgraded.sum(),
                failedOpen.sum(), failedClosed.sum(), completionFailures.sum());
    }

    public GuardConfig config() {
        return config;
    }

    /** Stops tracking interceptors. */
    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    private static final class Context implements CallContext {
        private final String model;
        private final Admission admission;
        private volatile Usage consumed = Usage.NONE;

        Context(String model, Admission admission) {
            this.model = model;
            this.admission = admission;
        }

        @Override
        public String model() {
            return model;
        }

        @Override
        public Admission admission() {
            return admission;
        }

        @Override
        public void consumed(Usage soFar) {
            consumed = Objects.requireNonNull(soFar, "soFar");
        }
    }
}
