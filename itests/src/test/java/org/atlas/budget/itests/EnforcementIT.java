package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.guard.BudgetDeniedException;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.demo.ChatProvider;
import org.atlas.budget.demo.ChatReply;
import org.atlas.budget.demo.ChatRequest;
import org.atlas.budget.demo.TrafficGenerator;
import org.atlas.budget.demo.TrafficPlan;
import org.atlas.budget.demo.TrafficReport;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.junit.Test;

/**
 * Enforcement on the distribution, driven by the demo host's providers, which reach the budget
 * only through BudgetGuard and the UsageInterceptor service.
 */
public class EnforcementIT extends AtlasBudgetTestSupport {

    private BudgetManager manager;

    /** The demo boots with the container: the probe must see its package when the test class loads. */
    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot",
                "atlas-budget-demo")};
    }

    @Before
    public void awaitTheDemo() throws Exception {
        assertTrue(featuresService.isInstalled(featuresService.getFeature("atlas-budget-demo")));
        manager = awaitService(BudgetManager.class);
        awaitService(TrafficGenerator.class);
        awaitService(ChatProvider.class, "(" + ChatProvider.PROVIDER + "=openai)", DEFAULT_TIMEOUT);
        awaitService(ChatProvider.class, "(" + ChatProvider.PROVIDER + "=anthropic)", DEFAULT_TIMEOUT);
    }

    private static BudgetPolicy projectPolicy(String id, String project, String limit, LimitAction action) {
        return new BudgetPolicy(id, null, Scope.PROJECT, project, Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC")),
                Money.of(limit, "USD"), List.of(80), action, null, null, null, true, 0);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    public void demoCallsPassUntilTheBudgetIsSpentThenAreBlocked() {
        String project = unique("apollo");
        BudgetPolicy policy = manager.create(projectPolicy(unique("p"), project, "0.01", LimitAction.BLOCK));
        TrafficGenerator traffic = awaitService(TrafficGenerator.class);
        TrafficReport report = traffic.run(new TrafficPlan(40, Map.of("openai", "gpt-4o", "anthropic",
                "claude-sonnet-4-5"), 5, project, 200, 0, 0, unique("run")));

        assertTrue(report.toString(), report.completed() > 0);
        assertTrue(report.toString(), report.denied() > 0);
        assertEquals(report.toString(), 40, report.completed() + report.denied());
        assertEquals(0, report.failed() + report.unavailable());

        BucketStatus bucket = manager.spend(policy.id()).get(0);
        assertEquals(Money.of("0", "USD"), bucket.held());
        assertTrue(bucket.toString(), bucket.spent().compareTo(policy.limit()) <= 0);
        assertTrue(bucket.toString(), bucket.spent().isZero() == false);
        // Once spent, every further call is refused, whichever provider it goes to.
        TrafficReport after = traffic.run(new TrafficPlan(4, Map.of("openai", "gpt-4o", "anthropic",
                "claude-sonnet-4-5"), 1, project, 200, 0, 0, unique("after")));
        assertEquals(4, after.denied());
    }

    @Test
    public void aCancelledStreamIsChargedWhatItConsumed() throws Exception {
        String project = unique("stream");
        BudgetPolicy policy = manager.create(projectPolicy(unique("s"), project, "10", LimitAction.BLOCK));
        ChatProvider anthropic = awaitService(ChatProvider.class, "(" + ChatProvider.PROVIDER + "=anthropic)",
                DEFAULT_TIMEOUT);
        ChatRequest request = new ChatRequest(unique("req"), "claude-sonnet-4-5", "Tell me about budgets.", 500,
                new Dimensions(null, project, null, null, null), true, 1);
        assertThrows(CancellationException.class, () -> anthropic.chat(request));
        BucketStatus bucket = manager.spend(policy.id()).get(0);
        assertEquals(Money.of("0", "USD"), bucket.held());
        // One chunk of 16 output tokens at $15 per 1M plus the prompt (8 + 6 tokens) at $3 per 1M:
        // 16 x 15 + 14 x 3 = 240 + 42 = 282 per 1M = 0.000282
        assertEquals(Money.of("0.000282", "USD"), bucket.spent());
    }

    @Test
    public void downgradeRunsTheCallOnACheaperModel() throws Exception {
        String project = unique("dg");
        // gpt-4o's worst case (about 30 prompt tokens, 2,000 output) is about $0.02; $0.005 fits gpt-4o-mini.
        manager.create(projectPolicy(unique("d"), project, "0.005", LimitAction.DOWNGRADE));
        ChatProvider openai = awaitService(ChatProvider.class, "(" + ChatProvider.PROVIDER + "=openai)",
                DEFAULT_TIMEOUT);
        ChatReply reply = openai.chat(new ChatRequest(unique("req"), "gpt-4o", "Summarise the budget.", 2000,
                new Dimensions(null, project, null, null, null), false, 0));
        assertNotEquals("gpt-4o", reply.model());
    }

    @Test
    public void aPolicyFileDroppedIntoEtcTakesEffectLive() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        String user = unique("file-user");
        String id = unique("it-file");
        Path file = etc.resolve("org.atlas.budget.policy-" + id + ".cfg");
        ChatProvider openai = awaitService(ChatProvider.class, "(" + ChatProvider.PROVIDER + "=openai)",
                DEFAULT_TIMEOUT);

        Files.writeString(file, "scope = USER\nscopeValue = " + user + "\nperiod = DAILY\nlimit = 0.001\n"
                + "currency = USD\naction = BLOCK\n", StandardCharsets.UTF_8);
        awaitCondition("policy " + id + " in force", DEFAULT_TIMEOUT, () -> manager.policy(id).isPresent());
        // The worst case of 200 output tokens of gpt-4o alone is $0.002 > $0.001.
        BudgetDeniedException denied = assertThrows(BudgetDeniedException.class,
                () -> openai.chat(ChatRequest.of(unique("r"), "gpt-4o", "Hello", 200, user)));
        assertEquals(id, denied.decision().policyId());

        String raised = "scope = USER\nscopeValue = " + user + "\nperiod = DAILY\nlimit = 1.00\n"
                + "currency = USD\naction = BLOCK\n";
        Files.writeString(file, raised, StandardCharsets.UTF_8);
        // File Install writes a configuration it created back to its file when Config Admin reports
        // the update; on a loaded machine that late write-back can land after this edit and undo it
        // (Karaf's behaviour, not ours). The edit is repeated until it sticks, as an operator would.
        awaitCondition("policy " + id + " raised to $1", DEFAULT_TIMEOUT, () -> {
            try {
                if (!Files.readString(file, StandardCharsets.UTF_8).contains("limit = 1.00")) {
                    Files.writeString(file, raised, StandardCharsets.UTF_8);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return manager.policy(id).map(p -> p.limit().equals(Money.of("1", "USD"))).orElse(false);
        });
        assertEquals("gpt-4o", openai.chat(ChatRequest.of(unique("r"), "gpt-4o", "Hello", 200, user)).model());

        Files.delete(file);
        awaitCondition("policy " + id + " withdrawn", DEFAULT_TIMEOUT, () -> manager.policy(id).isEmpty());
    }

    @Test
    public void aBadPolicyFileIsRejectedByNameAndChangesNothing() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        String good = unique("it-good");
        String bad = unique("it-bad");
        Files.writeString(etc.resolve("org.atlas.budget.policy-" + good + ".cfg"),
                "scope = GLOBAL\nlimit = 1000\naction = WARN\n", StandardCharsets.UTF_8);
        awaitCondition("good policy in force", DEFAULT_TIMEOUT, () -> manager.policy(good).isPresent());
        int before = manager.policies().size();

        Path badFile = etc.resolve("org.atlas.budget.policy-" + bad + ".cfg");
        Files.writeString(badFile, "scope = GLOBAL\nlimt = 5\n", StandardCharsets.UTF_8);
        awaitLogLine("the log names the bad file and key", "Rejected policy file", bad, "key 'limt' is unknown");
        assertTrue(manager.policy(bad).isEmpty());
        assertEquals(before, manager.policies().size());
        assertTrue(manager.policy(good).isPresent());
        Files.delete(badFile);
        Files.delete(etc.resolve("org.atlas.budget.policy-" + good + ".cfg"));
    }
}
