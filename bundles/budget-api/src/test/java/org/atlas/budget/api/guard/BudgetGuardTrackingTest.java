package org.atlas.budget.api.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.ServiceLoader;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Usage;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** The guard's service tracking, in a real (embedded Felix) OSGi framework. */
public class BudgetGuardTrackingTest {

    private Framework framework;
    private BundleContext context;
    private BudgetGuard guard;

    @Before
    public void startFramework() throws Exception {
        Path storage = Files.createTempDirectory("guard-osgi");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        framework = factory.newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                // The test's own classes (API included) come from the class path.
                Constants.FRAMEWORK_BOOTDELEGATION, "org.atlas.budget.*"));
        framework.start();
        context = framework.getBundleContext();
        guard = new BudgetGuard(context, GuardConfig.DEFAULT);
    }

    @After
    public void stopFramework() throws Exception {
        guard.close();
        framework.stop();
        framework.waitForStop(10_000);
    }

    private ServiceRegistration<UsageInterceptor> register(UsageInterceptor interceptor, int ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(UsageInterceptor.class, interceptor, props);
    }

    private String callOnce(String id) throws Exception {
        return guard.call(AdmissionRequest.chat(id, "openai", "gpt-4o", null, 10, 10),
                ctx -> Completion.of(ctx.admission().admissionId(), Usage.NONE));
    }

    @Test
    public void usesTheHighestRankedInterceptorAndFollowsItsComingsAndGoings() throws Exception {
        assertThrows(BudgetUnavailableException.class, () -> callOnce("before"));

        RecordingInterceptor low = new RecordingInterceptor("low", Outcome.ALLOW);
        RecordingInterceptor high = new RecordingInterceptor("high", Outcome.ALLOW);
        ServiceRegistration<UsageInterceptor> lowReg = register(low, 10);
        callOnce("r1");
        assertEquals(1, low.completed.size());

        ServiceRegistration<UsageInterceptor> highReg = register(high, 100);
        callOnce("r2");
        assertEquals(1, high.completed.size());
        assertEquals(1, low.completed.size());

        highReg.unregister();
        callOnce("r3");
        assertEquals(2, low.completed.size());

        lowReg.unregister();
        assertThrows(BudgetUnavailableException.class, () -> callOnce("after"));
        assertEquals(2, guard.metrics().failedClosed());
    }

    @Test
    public void rankingChangesAreFollowedLive() throws Exception {
        RecordingInterceptor a = new RecordingInterceptor("a", Outcome.ALLOW);
        RecordingInterceptor b = new RecordingInterceptor("b", Outcome.ALLOW);
        ServiceRegistration<UsageInterceptor> aReg = register(a, 1);
        register(b, 2);
        callOnce("r1");
        assertEquals(1, b.completed.size());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 3);
        aReg.setProperties(props);
        callOnce("r2");
        assertEquals(1, a.completed.size());
    }
}
