package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.guard.BudgetDeniedException;
import org.atlas.budget.api.guard.BudgetGuard;
import org.atlas.budget.api.guard.Completion;
import org.atlas.budget.api.guard.GuardConfig;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The API bundle as a host bundle uses it inside the distribution: the guard tracks
 * interceptors registered in the service registry by ranking, and fails closed without one.
 */
public class ApiServicesIT extends AtlasBudgetTestSupport {

    /** An interceptor that allows calls until a token allowance is used up. */
    private static final class AllowanceInterceptor implements UsageInterceptor {
        private final String name;
        private long tokensLeft;
        final List<UsageReport> completed = new ArrayList<>();

        AllowanceInterceptor(String name, long tokens) {
            this.name = name;
            this.tokensLeft = tokens;
        }

        @Override
        public synchronized Admission admit(AdmissionRequest request) {
            long worst = request.estimate().inputTokens() + request.estimate().outputTokens();
            if (worst > tokensLeft) {
                return new Admission(null, request, new Decision(Outcome.BLOCK, name, null, null, null,
                        List.of("allowance of " + name + " used up")), Money.of("0", "USD"), null);
            }
            tokensLeft -= worst;
            return new Admission(UUID.randomUUID().toString(), request, Decision.allowUnconstrained(),
                    Money.of("0.01", "USD"), Instant.now().plusSeconds(60));
        }

        @Override
        public synchronized UsageRecord complete(Admission admission, UsageReport actual) {
            completed.add(actual);
            return new UsageRecord(actual, new Charge(PricingStatus.PRICED, Money.of("0.01", "USD"), "v1", name),
                    Instant.now());
        }

        @Override
        public synchronized void abort(Admission admission, Usage consumed, String cause) {
            tokensLeft += admission.request().estimate().inputTokens() + admission.request().estimate().outputTokens();
        }
    }

    private ServiceRegistration<UsageInterceptor> register(UsageInterceptor interceptor, int ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, ranking);
        return bundleContext.registerService(UsageInterceptor.class, interceptor, props);
    }

    private static AdmissionRequest request() {
        return AdmissionRequest.chat("it-" + UUID.randomUUID(), "openai", "gpt-4o", Dimensions.ofUser("it-user"), 60,
                40);
    }

    @Test
    public void theApiBundleExportsItsPackagesAtTheirVersions() {
        Bundle api = findBundle("org.atlas.budget.api").orElseThrow();
        assertEquals(Bundle.ACTIVE, api.getState());
        String exports = api.getHeaders().get(Constants.EXPORT_PACKAGE);
        for (String pkg : List.of("org.atlas.budget.api;", "org.atlas.budget.api.model;", "org.atlas.budget.api.spi;",
                "org.atlas.budget.api.guard;")) {
            assertTrue(pkg + " in " + exports, exports.contains(pkg + "version=\"1.0.0\"")
                    || exports.contains(pkg));
        }
    }

    @Test
    public void guardFollowsInterceptorsInTheServiceRegistry() throws Exception {
        try (BudgetGuard guard = new BudgetGuard(bundleContext, GuardConfig.DEFAULT)) {
            // No interceptor of ours yet: whatever the distribution registers decides, or the guard
            // fails closed. Register two of ours above anything shipped.
            AllowanceInterceptor small = new AllowanceInterceptor("small", 100);
            AllowanceInterceptor large = new AllowanceInterceptor("large", 1_000_000);
            ServiceRegistration<UsageInterceptor> smallReg = register(small, Integer.MAX_VALUE - 1);
            try {
                assertEquals("done", guard.call(request(), ctx -> Completion.of("done", Usage.builder()
                        .inputTokens(60).outputTokens(30).build())));
                assertEquals(1, small.completed.size());
                assertEquals(30, small.completed.get(0).usage().outputTokens());

                // The allowance of 100 tokens is spent (100 reserved for the first call's worst case).
                BudgetDeniedException denied = assertThrows(BudgetDeniedException.class,
                        () -> guard.call(request(), ctx -> Completion.of("never", Usage.NONE)));
                assertEquals("small", denied.decision().policyId());

                ServiceRegistration<UsageInterceptor> largeReg = register(large, Integer.MAX_VALUE);
                try {
                    guard.call(request(), ctx -> Completion.of("x", Usage.NONE));
                    assertEquals(1, large.completed.size());
                } finally {
                    largeReg.unregister();
                }
            } finally {
                smallReg.unregister();
            }
            assertEquals(2, guard.metrics().admitted());
            assertEquals(1, guard.metrics().denied());
        }
    }

    @Test
    public void guardFailsClosedWhileTheBudgetBundlesAreStopped() throws Exception {
        // Stop every bundle that provides an interceptor (the budget bundles restarting), call,
        // and start them again.
        List<Bundle> providers = new ArrayList<>();
        var refs = bundleContext.getServiceReferences(UsageInterceptor.class, null);
        for (var ref : refs) {
            providers.add(ref.getBundle());
        }
        try (BudgetGuard guard = new BudgetGuard(bundleContext, GuardConfig.DEFAULT)) {
            for (Bundle b : providers) {
                b.stop(Bundle.STOP_TRANSIENT);
            }
            awaitCondition("no interceptor registered", DEFAULT_TIMEOUT, () -> {
                try {
                    return bundleContext.getServiceReferences(UsageInterceptor.class, null).isEmpty();
                } catch (org.osgi.framework.InvalidSyntaxException e) {
                    throw new IllegalStateException(e);
                }
            });
            BudgetUnavailableException e = assertThrows(BudgetUnavailableException.class,
                    () -> guard.call(request(), ctx -> Completion.of("never", Usage.NONE)));
            assertTrue(e.getMessage(), e.getMessage().contains("no UsageInterceptor"));
            assertEquals(1, guard.metrics().failedClosed());
        } finally {
            for (Bundle b : providers) {
                b.start(Bundle.START_TRANSIENT);
            }
        }
    }
}
