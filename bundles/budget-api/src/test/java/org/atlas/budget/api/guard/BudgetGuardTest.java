package org.atlas.budget.api.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.Usage;
import org.junit.Test;

public class BudgetGuardTest {

    private static final Usage ACTUAL = Usage.builder().inputTokens(1200).cacheReadTokens(1000).outputTokens(300)
            .build();

    private static AdmissionRequest request(String id) {
        return AdmissionRequest.chat(id, "openai", "gpt-4o", Dimensions.ofUser("alice"), 1200, 512);
    }

    @Test
    public void admittedCallRunsAndCompletesWithTheActualUsage() throws Exception {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.ALLOW);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        String answer = guard.call(request("r1"), ctx -> {
            assertEquals("gpt-4o", ctx.model());
            assertEquals("adm-0", ctx.admission().admissionId());
            return Completion.of("hello", ACTUAL);
        });
        assertEquals("hello", answer);
        assertEquals(List.of("admit r1 ALLOW", "complete r1 gpt-4o"), interceptor.events);
        assertEquals(ACTUAL, interceptor.completed.get(0).usage());
        assertEquals("alice", interceptor.completed.get(0).dimensions().userId());
        assertEquals(1, guard.metrics().admitted());
    }

    @Test
    public void warnedCallStillRuns() throws Exception {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.WARN);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        assertEquals("ok", guard.call(request("r1"), ctx -> Completion.of("ok", ACTUAL)));
        assertEquals(1, interceptor.completed.size());
    }

    @Test
    public void blockedCallNeverRuns() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.BLOCK);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        AtomicBoolean ran = new AtomicBoolean();
        BudgetDeniedException e = assertThrows(BudgetDeniedException.class, () -> guard.call(request("r1"), ctx -> {
            ran.set(true);
            return Completion.of("x", ACTUAL);
        }));
        assertEquals("p", e.decision().policyId());
        assertTrue(e.getMessage(), e.getMessage().contains("limit reached"));
        assertEquals(false, ran.get());
        assertEquals(List.of("admit r1 BLOCK"), interceptor.events);
        assertEquals(1, guard.metrics().denied());
    }

    @Test
    public void failedCallAbortsChargingWhatTheStreamConsumed() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.ALLOW);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        Usage partial = Usage.builder().inputTokens(1200).outputTokens(40).build();
        IOException e = assertThrows(IOException.class, () -> guard.call(request("r1"), ctx -> {
            ctx.consumed(Usage.builder().inputTokens(1200).outputTokens(10).build());
            ctx.consumed(partial);
            throw new IOException("stream reset");
        }));
        assertEquals("stream reset", e.getMessage());
        assertEquals(List.of("admit r1 ALLOW", "abort r1"), interceptor.events);
        assertEquals(partial, interceptor.aborted.get(0));
    }

    @Test
    public void callFailingBeforeAnyOutputReleasesTheWholeHold() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.ALLOW);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        assertThrows(IllegalStateException.class, () -> guard.call(request("r1"), ctx -> {
            throw new IllegalStateException("connection refused");
        }));
        assertEquals(Usage.NONE, interceptor.aborted.get(0));
    }

    @Test
    public void callReturningNothingIsAnAbortedError() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.ALLOW);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        assertThrows(IllegalStateException.class, () -> guard.call(request("r1"), ctx -> null));
        assertEquals(1, interceptor.aborted.size());
    }

    @Test
    public void downgradeRunsTheCallWithTheSuggestedModel() throws Exception {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.DOWNGRADE);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        AtomicReference<String> called = new AtomicReference<>();
        guard.call(request("r1"), ctx -> {
            called.set(ctx.model());
            return Completion.of("x", ACTUAL);
        });
        assertEquals("cheap-model", called.get());
        assertEquals("cheap-model", interceptor.completed.get(0).model());
        assertEquals(1, guard.metrics().downgraded());
    }

    @Test
    public void refusedDowngradeAbortsTheHoldAndDenies() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.DOWNGRADE);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT.withAcceptDowngrade(false));
        assertThrows(BudgetDeniedException.class, () -> guard.call(request("r1"), ctx -> Completion.of("x", ACTUAL)));
        assertEquals(List.of("admit r1 DOWNGRADE", "abort r1"), interceptor.events);
    }

    @Test
    public void throttleWaitsAndAsksAgainWithinTheConfiguredBounds() throws Exception {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.THROTTLE, Outcome.THROTTLE,
                Outcome.ALLOW);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor,
                GuardConfig.DEFAULT.withThrottleWait(Duration.ofMillis(50), 2));
        assertEquals("x", guard.call(request("r1"), ctx -> Completion.of("x", ACTUAL)));
        assertEquals(3, interceptor.admissions.get());
        assertEquals(2, guard.metrics().throttleWaits());
    }

    @Test
    public void throttleBeyondTheRetriesFails() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.THROTTLE);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor,
                GuardConfig.DEFAULT.withThrottleWait(Duration.ofMillis(50), 1));
        BudgetThrottledException e = assertThrows(BudgetThrottledException.class,
                () -> guard.call(request("r1"), ctx -> Completion.of("x", ACTUAL)));
        assertEquals(Duration.ofMillis(5), e.retryAfter());
        assertEquals(2, interceptor.admissions.get());
    }

    @Test
    public void throttleLongerThanTheGuardWaitsFailsAtOnce() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.THROTTLE);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        assertThrows(BudgetThrottledException.class, () -> guard.call(request("r1"), ctx -> Completion.of("x", ACTUAL)));
        assertEquals(1, interceptor.admissions.get());
        assertEquals(0, guard.metrics().throttleWaits());
    }

    @Test
    public void noInterceptorFailsClosedByDefault() {
        BudgetGuard guard = BudgetGuard.using(() -> null, GuardConfig.DEFAULT);
        AtomicBoolean ran = new AtomicBoolean();
        BudgetUnavailableException e = assertThrows(BudgetUnavailableException.class,
                () -> guard.call(request("r1"), ctx -> {
                    ran.set(true);
                    return Completion.of("x", ACTUAL);
                }));
        assertTrue(e.getMessage(), e.getMessage().contains("no UsageInterceptor"));
        assertEquals(false, ran.get());
        assertEquals(1, guard.metrics().failedClosed());
    }

    @Test
    public void noInterceptorFailsOpenWhenConfiguredAndCountsIt() throws Exception {
        BudgetGuard guard = BudgetGuard.using(() -> null, GuardConfig.DEFAULT.withFailMode(FailMode.OPEN));
        String value = guard.call(request("r1"), ctx -> {
            assertEquals(null, ctx.admission());
            assertEquals("gpt-4o", ctx.model());
            return Completion.of("untracked", ACTUAL);
        });
        assertEquals("untracked", value);
        assertEquals(1, guard.metrics().failedOpen());
        assertEquals(0, guard.metrics().admitted());
    }

    @Test
    public void interceptorThatCannotDecideTriggersTheFailMode() {
        RecordingInterceptor interceptor = new RecordingInterceptor("i");
        interceptor.failAdmit = new IllegalStateException("store unreachable");
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        BudgetUnavailableException e = assertThrows(BudgetUnavailableException.class,
                () -> guard.call(request("r1"), ctx -> Completion.of("x", ACTUAL)));
        assertTrue(e.getMessage(), e.getMessage().contains("store unreachable"));
        BudgetUnavailableException direct = new BudgetUnavailableException("down");
        interceptor.failAdmit = direct;
        assertSame(direct, assertThrows(BudgetUnavailableException.class,
                () -> guard.call(request("r2"), ctx -> Completion.of("x", ACTUAL))));
        assertEquals(2, guard.metrics().failedClosed());
    }

    @Test
    public void failedCompletionNeverBreaksTheHost() throws Exception {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.ALLOW);
        interceptor.failComplete = new IllegalStateException("store down");
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        assertEquals("answer", guard.call(request("r1"), ctx -> Completion.of("answer", ACTUAL)));
        assertEquals(1, guard.metrics().completionFailures());
    }

    @Test
    public void failedProviderCallThatWasBilledCompletesAsUnsuccessful() throws Exception {
        RecordingInterceptor interceptor = new RecordingInterceptor("i", Outcome.ALLOW);
        BudgetGuard guard = BudgetGuard.using(() -> interceptor, GuardConfig.DEFAULT);
        guard.call(request("r1"), ctx -> Completion.failed("content filtered", ACTUAL));
        assertEquals(false, interceptor.completed.get(0).success());
    }

    @Test
    public void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new GuardConfig(null, Duration.ZERO, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new GuardConfig(FailMode.OPEN, Duration.ofSeconds(-1), 0,
                true));
        assertThrows(IllegalArgumentException.class, () -> new GuardConfig(FailMode.OPEN, Duration.ZERO, -1, true));
        assertThrows(IllegalArgumentException.class, () -> new Completion<>("x", null, true));
    }
}
