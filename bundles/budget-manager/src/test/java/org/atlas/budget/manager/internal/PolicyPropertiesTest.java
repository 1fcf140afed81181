package org.atlas.budget.manager.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.UnpricedAction;
import org.junit.Test;

/**
 * Policies from {@code etc/org.atlas.budget.policy-NAME.cfg}: every value a string, as Felix
 * FileInstall delivers it, plus the framework's own properties. A bad value must be rejected
 * with a message naming the key, never turned into a budget that is silently not enforced.
 */
public class PolicyPropertiesTest {

    static final String FILE = "file:/opt/karaf/etc/org.atlas.budget.policy-team-a.cfg";

    /** A complete file, as FileInstall hands it to the component. */
    static Map<String, Object> fullFile() {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "org.atlas.budget.policy.3f2a9c1e-0b7d-4e1a-9c55-0d6e8f1a2b3c");
        p.put("service.factoryPid", "org.atlas.budget.policy");
        p.put("felix.fileinstall.filename", FILE);
        p.put("component.name", "org.atlas.budget.manager.internal.PolicyFile");
        p.put("component.id", "17");
        p.put("id", "team-a-monthly");
        p.put("name", "Team A, monthly");
        p.put("scope", "team");
        p.put("scopeValue", "team-a");
        p.put("period", "monthly");
        p.put("timeZone", "Europe/Berlin");
        p.put("limit", "250.00");
        p.put("currency", "EUR");
        p.put("thresholds", "80,100");
        p.put("action", "throttle");
        p.put("rollover.enabled", "true");
        p.put("rollover.capPercent", "25");
        p.put("unpriced", "fallback");
        p.put("fallback.input", "10");
        p.put("fallback.output", "30");
        p.put("fallback.cacheRead", "1.0");
        p.put("fallback.cacheWrite5m", "12.5");
        p.put("fallback.cacheWrite1h", "20");
        p.put("fallback.reasoning", "30");
        p.put("enabled", "true");
        p.put("priority", "7");
        return p;
    }

    /** The smallest valid file: just a limit. */
    static Map<String, Object> minimalFile() {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "org.atlas.budget.policy.1");
        p.put("felix.fileinstall.filename", FILE);
        p.put("limit", "5");
        return p;
    }

    static Map<String, Object> with(Map<String, Object> base, Object... keyValues) {
        Map<String, Object> p = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove((String) keyValues[i]);
            } else {
                p.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }

    /** Parses and expects a rejection whose message names {@code key}; answers the message. */
    static String rejected(Map<String, Object> props, String key) {
        try {
            BudgetPolicy policy = PolicyProperties.parse(props, "team-a");
            fail("accepted a bad '" + key + "': " + policy);
            return null;
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            assertTrue("the message names '" + key + "': " + message, message != null && message.contains(key));
            return message;
        }
    }

    // ------------------------------------------------------------------ valid files

    @Test
    public void aFullFileBecomesTheExpectedPolicy() {
        BudgetPolicy parsed = PolicyProperties.parse(fullFile(), "team-a");
        BudgetPolicy expected = new BudgetPolicy("team-a-monthly", "Team A, monthly", Scope.TEAM, "team-a",
                Period.of(PeriodKind.MONTHLY, ZoneId.of("Europe/Berlin")), Money.of("250", "EUR"), List.of(80, 100),
                LimitAction.THROTTLE, new Rollover(true, 25), UnpricedAction.FALLBACK,
                new TokenRates(new BigDecimal("10"), new BigDecimal("30"), new BigDecimal("1.0"),
                        new BigDecimal("12.5"), new BigDecimal("20"), new BigDecimal("30")),
                true, 7);
        assertEquals(expected, parsed);
    }

    @Test
    public void aMinimalFileTakesItsIdFromTheFileNameAndDefaultsForTheRest() {
        BudgetPolicy p = PolicyProperties.parse(minimalFile(), "team-a");
        assertEquals("team-a", p.id());
        assertEquals("team-a", p.name());
        assertEquals(Scope.GLOBAL, p.scope());
        assertEquals(BudgetPolicy.EACH, p.scopeValue());
        assertEquals(Period.of(PeriodKind.MONTHLY, ZoneId.of("UTC")), p.period());
        assertEquals(Money.of("5", "USD"), p.limit());
        assertEquals(List.of(), p.thresholds());
        assertEquals(LimitAction.BLOCK, p.action());
        assertEquals(Rollover.NONE, p.rollover());
        assertEquals(UnpricedAction.BLOCK, p.unpriced());
        assertNull(p.fallbackRates());
        assertTrue(p.enabled());
        assertEquals(0, p.priority());
    }

    @Test
    public void blankValuesMeanTheDefault() {
        BudgetPolicy p = PolicyProperties.parse(with(minimalFile(), "action", "  ", "period", "", "thresholds", " "),
                "team-a");
        assertEquals(LimitAction.BLOCK, p.action());
        assertEquals(PeriodKind.MONTHLY, p.period().kind());
        assertEquals(List.of(), p.thresholds());
    }

    @Test
    public void valuesAreTrimmedAndEnumsIgnoreCaseAndDashes() {
        BudgetPolicy p = PolicyProperties.parse(with(minimalFile(), "limit", " 12.50 ", "period", " rolling-24h ",
                "action", "Warn", "enabled", "FALSE", "priority", " -3 "), "team-a");
        assertEquals(Money.of("12.5", "USD"), p.limit());
        assertEquals(PeriodKind.ROLLING_24H, p.period().kind());
        assertEquals(LimitAction.WARN, p.action());
        assertFalse(p.enabled());
        assertEquals(-3, p.priority());
    }

    @Test
    public void thresholdsAsACommaSeparatedStringAreSortedAndDistinct() {
        assertEquals(List.of(80, 100), PolicyProperties.parse(with(minimalFile(), "thresholds", "80,100"), "x")
                .thresholds());
        assertEquals(List.of(50, 80, 100),
                PolicyProperties.parse(with(minimalFile(), "thresholds", " 100 , 50,80,80 ,"), "x").thresholds());
    }

    @Test
    public void thresholdsAsAnArrayAreAccepted() {
        assertEquals(List.of(80, 100), PolicyProperties.parse(
                with(minimalFile(), "thresholds", new String[] {"80", "100"}), "x").thresholds());
        assertEquals(List.of(50, 90), PolicyProperties.parse(
                with(minimalFile(), "thresholds", new int[] {90, 50}), "x").thresholds());
        assertEquals(List.of(75), PolicyProperties.parse(
                with(minimalFile(), "thresholds", List.of("75")), "x").thresholds());
    }

    @Test
    public void aCustomPeriodReadsItsRange() {
        BudgetPolicy p = PolicyProperties.parse(with(minimalFile(), "period", "CUSTOM", "customStart",
                "2026-11-01T00:00:00Z", "customEnd", "2026-11-15T00:00:00Z"), "launch");
        assertEquals(Period.custom(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-15T00:00:00Z")),
                p.period());
    }

    @Test
    public void theFrameworksOwnPropertiesAreNotTypos() {
        Map<String, Object> p = with(minimalFile(), "service.bundleLocation", "?", "felix.fileinstall.dir",
                "/opt/karaf/etc", "osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)", "objectClass",
                new String[] {"x"});
        assertEquals("team-a", PolicyProperties.parse(p, "team-a").id());
    }

    // ------------------------------------------------------------------ bad files

    @Test
    public void anUnknownKeyIsRejectedByName() {
        Map<String, Object> p = with(minimalFile(), "limit", null, "limt", "5");
        String message = rejected(p, "limt");
        assertTrue(message, message.contains("unknown"));
        rejected(with(minimalFile(), "rollover.cap", "10"), "rollover.cap");
        rejected(with(minimalFile(), "Limit", "5"), "Limit");
    }

    @Test
    public void aBadLimitIsRejected() {
        rejected(with(minimalFile(), "limit", null), "limit");
        rejected(with(minimalFile(), "limit", "   "), "limit");
        rejected(with(minimalFile(), "limit", "five"), "limit");
        rejected(with(minimalFile(), "limit", "1,000.00"), "limit");
        rejected(with(minimalFile(), "limit", "0"), "limit");
        rejected(with(minimalFile(), "limit", "-5"), "limit");
        rejected(with(minimalFile(), "limit", "0.0000000001"), "limit"); // below a nano-unit
    }

    @Test
    public void aBadCurrencyIsRejected() {
        rejected(with(minimalFile(), "currency", "DOLLARS"), "currency");
        rejected(with(minimalFile(), "currency", "usd"), "currency");
        rejected(with(minimalFile(), "currency", "XYZ"), "currency");
    }

    @Test
    public void aBadPeriodIsRejected() {
        rejected(with(minimalFile(), "period", "FORTNIGHTLY"), "period");
        rejected(with(minimalFile(), "period", "ROLLING_1H"), "period");
    }

    @Test
    public void aBadTimeZoneIsRejected() {
        rejected(with(minimalFile(), "timeZone", "Mars/Olympus_Mons"), "timeZone");
        rejected(with(minimalFile(), "timeZone", "+25:00"), "timeZone");
        rejected(with(minimalFile(), "timeZone", "Europe/"), "timeZone");
    }

    @Test
    public void aBadCustomRangeIsRejected() {
        Map<String, Object> custom = with(minimalFile(), "period", "CUSTOM", "customStart", "2026-11-01T00:00:00Z",
                "customEnd", "2026-11-15T00:00:00Z");
        rejected(with(custom, "customStart", "2026-13-01T00:00:00Z"), "customStart");
        rejected(with(custom, "customStart", "1 November 2026"), "customStart");
        rejected(with(custom, "customStart", "2026-11-01"), "customStart");
        rejected(with(custom, "customStart", null), "customStart");
        rejected(with(custom, "customEnd", "tomorrow"), "customEnd");
        rejected(with(custom, "customStart", "2026-11-15T00:00:00Z"), "customStart"); // not before the end
        rejected(with(minimalFile(), "customStart", "2026-11-01T00:00:00Z"), "customStart"); // not CUSTOM
    }

    @Test
    public void badThresholdsAreRejected() {
        rejected(with(minimalFile(), "thresholds", "80,abc"), "thresholds");
        rejected(with(minimalFile(), "thresholds", "80%"), "thresholds");
        rejected(with(minimalFile(), "thresholds", "0.8"), "thresholds");
        rejected(with(minimalFile(), "thresholds", "0"), "thresholds");
        rejected(with(minimalFile(), "thresholds", "1001"), "thresholds");
        rejected(with(minimalFile(), "thresholds", new String[] {"80", "lots"}), "thresholds");
    }

    @Test
    public void aBadActionIsRejected() {
        rejected(with(minimalFile(), "action", "DENY"), "action");
    }

    @Test
    public void badRolloverValuesAreRejected() {
        rejected(with(minimalFile(), "rollover.enabled", "yes"), "rollover.enabled");
        rejected(with(minimalFile(), "rollover.enabled", "true", "rollover.capPercent", "lots"),
                "rollover.capPercent");
        rejected(with(minimalFile(), "rollover.enabled", "true", "rollover.capPercent", "150"),
                "rollover.capPercent");
        rejected(with(minimalFile(), "rollover.enabled", "true", "rollover.capPercent", "-1"),
                "rollover.capPercent");
        rejected(with(minimalFile(), "rollover.enabled", "true"), "rollover.capPercent"); // enabled needs a cap
        rejected(with(minimalFile(), "rollover.enabled", "true", "rollover.capPercent", "50", "period",
                "ROLLING_7D"), "rollover");
    }

    @Test
    public void fallbackRatesHalfGivenAreRejected() {
        Map<String, Object> fallback = with(minimalFile(), "unpriced", "FALLBACK");
        rejected(with(fallback, "fallback.input", "10"), "fallback.output");
        rejected(with(fallback, "fallback.output", "30"), "fallback.input");
        rejected(with(fallback, "fallback.cacheRead", "1"), "fallback.input");
        rejected(with(fallback, "fallback.input", "ten", "fallback.output", "30"), "fallback.input");
        rejected(with(fallback, "fallback.input", "10", "fallback.output", "30", "fallback.reasoning", "x"),
                "fallback.reasoning");
    }

    static Map<String, Object> withFallback() {
        return with(minimalFile(), "unpriced", "FALLBACK", "fallback.input", "10", "fallback.output", "30");
    }

    @Test
    public void aNegativeFallbackInputRateIsRejected() {
        rejected(with(withFallback(), "fallback.input", "-1"), "fallback.input");
    }

    @Test
    public void aNegativeFallbackRateIsRejectedUnderItsOwnKey() {
        Map<String, Object> fallback = withFallback();
        rejected(with(fallback, "fallback.output", "-1"), "fallback.output");
        rejected(with(fallback, "fallback.cacheRead", "-0.5"), "fallback.cacheRead");
    }

    @Test
    public void fallbackRatesAndTheUnpricedActionMustAgree() {
        rejected(with(minimalFile(), "unpriced", "FALLBACK"), "fallback");
        rejected(with(minimalFile(), "fallback.input", "10", "fallback.output", "30"), "fallback");
        rejected(with(minimalFile(), "unpriced", "IGNORE"), "unpriced");
    }

    @Test
    public void aBadPriorityIsRejected() {
        rejected(with(minimalFile(), "priority", "high"), "priority");
        rejected(with(minimalFile(), "priority", "1.5"), "priority");
        rejected(with(minimalFile(), "priority", "99999999999"), "priority");
    }

    @Test
    public void aBadEnabledIsRejected() {
        rejected(with(minimalFile(), "enabled", "yes"), "enabled");
        rejected(with(minimalFile(), "enabled", "1"), "enabled");
    }

    @Test
    public void aBadScopeOrIdIsRejected() {
        rejected(with(minimalFile(), "scope", "GALAXY"), "scope");
        rejected(with(minimalFile(), "scope", "USER"), "scopeValue"); // USER needs a user or *
        rejected(with(minimalFile(), "scopeValue", "alice"), "scopeValue"); // GLOBAL takes none
        rejected(with(minimalFile(), "id", "team a"), "id");
    }

    // ------------------------------------------------------------------ the file name

    @Test
    public void theDefaultIdIsTheNameOfTheFile() {
        Map<String, Object> p = Map.<String, Object>of("felix.fileinstall.filename", FILE, "service.pid",
                "org.atlas.budget.policy.3f2a9c1e");
        assertEquals("team-a", PolicyFile.defaultId(p, "org.atlas.budget.policy.3f2a9c1e"));
        assertEquals("a.b_c", PolicyFile.defaultId(
                Map.<String, Object>of("felix.fileinstall.filename", "file:/x/etc/org.atlas.budget.policy-a.b_c.cfg"), "pid"));
    }

    @Test
    public void withoutAFileTheDefaultIdIsTheGeneratedPartOfThePid() {
        assertEquals("3f2a9c1e-0b7d", PolicyFile.defaultId(Map.of(), "org.atlas.budget.policy.3f2a9c1e-0b7d"));
        // A file that does not follow the naming pattern does not name the policy.
        assertEquals("77", PolicyFile.defaultId(
                Map.<String, Object>of("felix.fileinstall.filename", "file:/x/etc/budget.cfg"), "org.atlas.budget.policy.77"));
    }
}
