package org.atlas.budget.manager.internal.policy;

import static org.atlas.budget.manager.testing.Policies.policy;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Scope;
import org.junit.Test;

/**
 * Which budgets a request is charged against (guarantee 9: every applicable policy is
 * evaluated). Targets are written "policy=scopeValue".
 */
public class PolicyIndexTest {

    static List<String> targets(PolicyIndex index, String provider, String model, Dimensions dims) {
        List<String> result = new ArrayList<>();
        for (Target t : index.match(provider, model, dims)) {
            result.add(t.policy().id() + "=" + t.scopeValue());
        }
        return result;
    }

    static PolicyIndex index(BudgetPolicy... policies) {
        return new PolicyIndex(List.of(policies));
    }

    static Dimensions user(String id) {
        return Dimensions.ofUser(id);
    }

    @Test
    public void anEmptyIndexMatchesNothing() {
        assertEquals(List.of(), targets(PolicyIndex.EMPTY, "openai", "gpt-4o", user("alice")));
    }

    @Test
    public void aGlobalPolicyMatchesEveryRequest() {
        PolicyIndex index = index(policy("all").build());
        assertEquals(List.of("all=*"), targets(index, "openai", "gpt-4o", user("alice")));
        assertEquals(List.of("all=*"), targets(index, "anthropic", "claude-sonnet-4", Dimensions.NONE));
    }

    @Test
    public void fixedValuesMatchOnlyThatValueOfTheirScope() {
        PolicyIndex index = index(
                policy("alice").scope(Scope.USER, "alice").build(),
                policy("apollo").scope(Scope.PROJECT, "apollo").build(),
                policy("red").scope(Scope.TEAM, "red").build(),
                policy("beta").scope(Scope.TAG, "beta").build());
        Dimensions all = new Dimensions("alice", "apollo", "red", "s-1", Set.of("beta", "gamma"));
        assertEquals(List.of("alice=alice", "apollo=apollo", "red=red", "beta=beta"),
                targets(index, "openai", "gpt-4o", all));
        Dimensions others = new Dimensions("bob", "hermes", "blue", "s-1", Set.of("gamma"));
        assertEquals(List.of(), targets(index, "openai", "gpt-4o", others));
        // A value of one scope never matches a policy of another scope.
        Dimensions crossed = new Dimensions("apollo", "red", "alice", null, Set.of("alice"));
        assertEquals(List.of(), targets(index, "openai", "gpt-4o", crossed));
    }

    @Test
    public void providerAndModelIdsIgnoreCase() {
        PolicyIndex index = index(
                policy("openai").scope(Scope.PROVIDER, "OpenAI").build(),
                policy("4o").scope(Scope.MODEL, "GPT-4o").build());
        assertEquals(List.of("openai=openai", "4o=GPT-4o"), targets(index, "openai", "gpt-4o", Dimensions.NONE));
        assertEquals(List.of("openai=openai", "4o=GPT-4o"), targets(index, "OPENAI", "Gpt-4O", Dimensions.NONE));
        assertEquals(List.of(), targets(index, "azure", "gpt-4o-mini", Dimensions.NONE));
    }

    @Test
    public void theProviderAndModelOfTheLastMatchAreNotConfusedWithOthers() {
        PolicyIndex index = index(
                policy("openai").scope(Scope.PROVIDER, "openai").build(),
                policy("4o").scope(Scope.MODEL, "gpt-4o").build(),
                policy("per-model").scope(Scope.MODEL, "*").build());
        List<String> fourO = List.of("openai=openai", "4o=gpt-4o", "per-model=gpt-4o");
        List<String> mini = List.of("openai=openai", "per-model=gpt-4o-mini");
        String provider = "openai";
        // Alternating models of one provider, the same string objects again and again (what the
        // index remembers), then equal strings that are other objects, then other case.
        for (int i = 0; i < 3; i++) {
            assertEquals(fourO, targets(index, provider, "gpt-4o", Dimensions.NONE));
            assertEquals(fourO, targets(index, provider, "gpt-4o", Dimensions.NONE));
            assertEquals(mini, targets(index, provider, "gpt-4o-mini", Dimensions.NONE));
        }
        assertEquals(fourO, targets(index, new String("openai"), new String("gpt-4o"), Dimensions.NONE));
        assertEquals(List.of("4o=gpt-4o", "per-model=gpt-4o"), targets(index, "anthropic", "gpt-4o", Dimensions.NONE));
        assertEquals(fourO, targets(index, "OpenAI", "GPT-4O", Dimensions.NONE));
        assertEquals(List.of(), targets(index, null, null, Dimensions.NONE));
        assertEquals(fourO, targets(index, provider, "gpt-4o", Dimensions.NONE));
    }

    @Test
    public void userProjectAndTeamIdsAreCaseSensitive() {
        PolicyIndex index = index(
                policy("alice").scope(Scope.USER, "alice").build(),
                policy("apollo").scope(Scope.PROJECT, "apollo").build(),
                policy("red").scope(Scope.TEAM, "red").build());
        assertEquals(List.of(), targets(index, "openai", "gpt-4o", new Dimensions("Alice", "APOLLO", "Red", null,
                Set.of())));
        assertEquals(List.of("alice=alice"), targets(index, "openai", "gpt-4o", user("alice")));
    }

    @Test
    public void aPolicyForEachValueIsChargedToThatValuesOwnBucket() {
        PolicyIndex index = index(
                policy("per-user").scope(Scope.USER, "*").build(),
                policy("per-model").scope(Scope.MODEL, "*").build(),
                policy("per-provider").scope(Scope.PROVIDER, "*").build());
        assertEquals(List.of("per-user=alice", "per-provider=openai", "per-model=gpt-4o"),
                targets(index, "openai", "gpt-4o", user("alice")));
        assertEquals(List.of("per-user=bob", "per-provider=openai", "per-model=gpt-4o"),
                targets(index, "OpenAI", "GPT-4o", user("bob")));
        // User ids keep their case, so Bob and bob have separate budgets.
        assertEquals(List.of("per-user=Bob", "per-provider=openai", "per-model=gpt-4o"),
                targets(index, "openai", "gpt-4o", user("Bob")));
    }

    @Test
    public void aTagPolicyMatchesOncePerTagOfTheRequest() {
        PolicyIndex index = index(
                policy("per-tag").scope(Scope.TAG, "*").build(),
                policy("beta").scope(Scope.TAG, "beta").build());
        assertEquals(List.of("per-tag=alpha", "beta=beta", "per-tag=beta", "per-tag=gamma"),
                targets(index, "openai", "gpt-4o", Dimensions.NONE.withTags(Set.of("gamma", "beta", "alpha"))));
        // A tag given twice is one tag.
        assertEquals(List.of("per-tag=x"), targets(index, "openai", "gpt-4o",
                Dimensions.NONE.withTags(new java.util.HashSet<>(List.of("x", " x ")))));
        assertEquals(List.of(), targets(index, "openai", "gpt-4o", Dimensions.NONE));
    }

    @Test
    public void disabledPoliciesAreSkippedButKept() {
        BudgetPolicy off = policy("off").disabled().build();
        BudgetPolicy offUser = policy("off-user").scope(Scope.USER, "alice").disabled().build();
        BudgetPolicy offEach = policy("off-each").scope(Scope.USER, "*").disabled().build();
        BudgetPolicy on = policy("on").scope(Scope.USER, "alice").build();
        PolicyIndex index = index(off, offUser, offEach, on);
        assertEquals(List.of("on=alice"), targets(index, "openai", "gpt-4o", user("alice")));
        assertEquals(List.of(off, offUser, offEach, on), index.policies());
    }

    @Test
    public void aRequestWithoutAValueForAScopeIsNotMatchedByItsPolicies() {
        PolicyIndex index = index(
                policy("per-user").scope(Scope.USER, "*").build(),
                policy("alice").scope(Scope.USER, "alice").build(),
                policy("per-project").scope(Scope.PROJECT, "*").build(),
                policy("per-team").scope(Scope.TEAM, "*").build(),
                policy("per-tag").scope(Scope.TAG, "*").build());
        assertEquals(List.of(), targets(index, "openai", "gpt-4o", Dimensions.NONE));
        assertEquals(List.of("per-project=apollo"), targets(index, "openai", "gpt-4o",
                Dimensions.NONE.withProject("apollo")));
    }

    @Test
    public void everyMatchingPolicyIsATargetInAStableOrder() {
        PolicyIndex index = index(
                policy("per-model").scope(Scope.MODEL, "*").build(),
                policy("global-2").build(),
                policy("per-user").scope(Scope.USER, "*").build(),
                policy("alice").scope(Scope.USER, "alice").build(),
                policy("alice-too").scope(Scope.USER, "alice").build(),
                policy("global-1").build(),
                policy("team").scope(Scope.TEAM, "red").build());
        List<String> expected = List.of("global-2=*", "global-1=*", "alice=alice", "alice-too=alice",
                "per-user=alice", "team=red", "per-model=gpt-4o");
        Dimensions dims = user("alice").withTeam("red");
        assertEquals(expected, targets(index, "openai", "gpt-4o", dims));
        assertEquals(expected, targets(index, "openai", "gpt-4o", dims));
        AdmissionRequest request = AdmissionRequest.chat("r-1", "openai", "gpt-4o", dims, 10, 10);
        List<String> viaRequest = new ArrayList<>();
        for (Target t : index.match(request)) {
            viaRequest.add(t.policy().id() + "=" + t.scopeValue());
        }
        assertEquals(expected, viaRequest);
    }

    @Test(timeout = 30_000)
    public void aThousandPoliciesAndTenThousandUsersStillMatchInAFewTargets() {
        List<BudgetPolicy> policies = new ArrayList<>();
        for (int i = 0; i < 990; i++) {
            policies.add(policy(String.format("user-%04d", i * 10)).scope(Scope.USER, String.format("u%05d", i * 10))
                    .build());
        }
        for (int i = 0; i < 5; i++) {
            policies.add(policy("project-" + i).scope(Scope.PROJECT, "p" + i).build());
        }
        policies.add(policy("per-user").scope(Scope.USER, "*").build());
        policies.add(policy("per-project").scope(Scope.PROJECT, "*").build());
        policies.add(policy("per-model").scope(Scope.MODEL, "*").build());
        policies.add(policy("global").build());
        policies.add(policy("old-global").disabled().build());
        assertEquals(1_000, policies.size());
        PolicyIndex index = new PolicyIndex(policies);

        int fixedUserMatches = 0;
        for (int u = 0; u < 10_000; u++) {
            String userId = String.format("u%05d", u);
            String project = "p" + (u % 7); // p5 and p6 have no policy of their own
            List<Target> found = index.match("openai", "gpt-4o", new Dimensions(userId, project, null, null,
                    Set.of()));
            List<String> expected = new ArrayList<>();
            expected.add("global=*");
            if (u % 10 == 0 && u < 9_900) {
                expected.add(String.format("user-%04d", u) + "=" + userId);
                fixedUserMatches++;
            }
            expected.add("per-user=" + userId);
            if (u % 7 < 5) {
                expected.add("project-" + (u % 7) + "=" + project);
            }
            expected.add("per-project=" + project);
            expected.add("per-model=gpt-4o");
            List<String> actual = new ArrayList<>();
            for (Target t : found) {
                actual.add(t.policy().id() + "=" + t.scopeValue());
            }
            assertEquals(userId, expected, actual);
            assertTrue(found.size() <= 6);
        }
        assertEquals(990, fixedUserMatches);
    }
}
