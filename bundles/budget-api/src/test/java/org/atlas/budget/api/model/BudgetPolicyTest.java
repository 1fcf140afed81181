package org.atlas.budget.api.model;

import static org.atlas.budget.api.model.UsageReportTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class BudgetPolicyTest {

    private static final Period MONTHLY = Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC"));
    private static final Money TEN = Money.of("10", "USD");

    private static BudgetPolicy policy(String id, Scope scope, String value) {
        return new BudgetPolicy(id, null, scope, value, MONTHLY, TEN, List.of(80, 100), LimitAction.BLOCK, null,
                null, null, true, 0);
    }

    @Test
    public void defaultsNameRolloverAndUnpricedHandling() {
        BudgetPolicy p = policy("team-a", Scope.TEAM, "a");
        assertEquals("team-a", p.name());
        assertEquals(Rollover.NONE, p.rollover());
        assertEquals(UnpricedAction.BLOCK, p.unpriced());
        assertFalse(p.isPerValue());
    }

    @Test
    public void globalScopeHasNoValue() {
        assertEquals(BudgetPolicy.EACH, policy("g", Scope.GLOBAL, null).scopeValue());
        assertEquals(BudgetPolicy.EACH, policy("g", Scope.GLOBAL, "*").scopeValue());
        assertFalse(policy("g", Scope.GLOBAL, null).isPerValue());
        assertMessage("must be empty or '*' for GLOBAL", () -> policy("g", Scope.GLOBAL, "alice"));
    }

    @Test
    public void otherScopesNeedAValueOrEach() {
        assertTrue(policy("u", Scope.USER, "*").isPerValue());
        assertMessage("scopeValue is required", () -> policy("u", Scope.USER, null));
        assertMessage("scopeValue must not be blank", () -> policy("u", Scope.USER, " "));
        assertEquals("openai", policy("p", Scope.PROVIDER, "OpenAI").scopeValue());
    }

    @Test
    public void idIsASafeIdentifier() {
        assertMessage("id may contain only", () -> policy("../etc", Scope.USER, "*"));
        assertMessage("id may contain only", () -> policy("a b", Scope.USER, "*"));
        assertMessage("id must be at most 64", () -> policy("a".repeat(65), Scope.USER, "*"));
        assertMessage("id is required", () -> policy(null, Scope.USER, "*"));
    }

    @Test
    public void limitMustBePositive() {
        assertMessage("limit must be positive", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null, MONTHLY,
                Money.of("0", "USD"), List.of(), LimitAction.BLOCK, null, null, null, true, 0));
        assertMessage("limit is required", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null, MONTHLY, null,
                List.of(), LimitAction.BLOCK, null, null, null, true, 0));
    }

    @Test
    public void thresholdsAreSortedDistinctPercentages() {
        BudgetPolicy p = new BudgetPolicy("p", null, Scope.GLOBAL, null, MONTHLY, TEN, List.of(100, 50, 80, 50),
                LimitAction.WARN, null, null, null, true, 0);
        assertEquals(List.of(50, 80, 100), p.thresholds());
        assertMessage("thresholds must be percentages", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null,
                MONTHLY, TEN, List.of(0), LimitAction.WARN, null, null, null, true, 0));
        assertMessage("thresholds must be percentages", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null,
                MONTHLY, TEN, List.of(1001), LimitAction.WARN, null, null, null, true, 0));
        assertMessage("thresholds must be percentages", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null,
                MONTHLY, TEN, Arrays.asList(80, null), LimitAction.WARN, null, null, null, true, 0));
    }

    @Test
    public void fallbackRatesGoWithFallbackOnly() {
        TokenRates rates = TokenRates.of("10", "30");
        BudgetPolicy p = new BudgetPolicy("p", null, Scope.GLOBAL, null, MONTHLY, TEN, List.of(), LimitAction.BLOCK,
                null, UnpricedAction.FALLBACK, rates, true, 0);
        assertEquals(rates, p.fallbackRates());
        assertMessage("fallbackRates are required", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null, MONTHLY,
                TEN, List.of(), LimitAction.BLOCK, null, UnpricedAction.FALLBACK, null, true, 0));
        assertMessage("fallbackRates apply only", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null, MONTHLY,
                TEN, List.of(), LimitAction.BLOCK, null, UnpricedAction.ALLOW_AND_FLAG, rates, true, 0));
    }

    @Test
    public void rolloverNeedsACalendarPeriodAndACap() {
        Rollover half = new Rollover(true, 50);
        assertEquals(half, new BudgetPolicy("p", null, Scope.GLOBAL, null, MONTHLY, TEN, List.of(),
                LimitAction.BLOCK, half, null, null, true, 0).rollover());
        assertMessage("rollover needs a calendar period", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null,
                Period.of(PeriodKind.ROLLING_7D, null), TEN, List.of(), LimitAction.BLOCK, half, null, null, true, 0));
        assertMessage("rollover needs a calendar period", () -> new BudgetPolicy("p", null, Scope.GLOBAL, null,
                Period.custom(Instant.EPOCH, Instant.EPOCH.plusSeconds(1)), TEN, List.of(), LimitAction.BLOCK, half,
                null, null, true, 0));
        assertMessage("capPercent must be between 0 and 100", () -> new Rollover(true, 101));
        assertMessage("capPercent must be between 0 and 100", () -> new Rollover(false, -1));
        assertMessage("capPercent must be above 0", () -> new Rollover(true, 0));
    }

    @Test
    public void enumsParseWithClearErrors() {
        assertEquals(Scope.PROJECT, Scope.parse("project"));
        assertMessage("scope must be one of", () -> Scope.parse("galaxy"));
        assertEquals(LimitAction.DOWNGRADE, LimitAction.parse("Downgrade"));
        assertMessage("action must be one of", () -> LimitAction.parse("explode"));
        assertEquals(UnpricedAction.ALLOW_AND_FLAG, UnpricedAction.parse("allow-and-flag"));
        assertMessage("unpriced must be one of", () -> UnpricedAction.parse("free"));
        assertMessage("scope is required", () -> Scope.parse(null));
    }
}
