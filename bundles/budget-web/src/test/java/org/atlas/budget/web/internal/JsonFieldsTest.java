package org.atlas.budget.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.math.BigDecimal;

import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Usage;
import org.junit.Test;

public class JsonFieldsTest {

    private static JsonFields body(String json, String... known) {
        return JsonFields.body(StrictJsonReader.read(new StringReader(json)), known);
    }

    private static String badRequest(Runnable action) {
        ApiException e = assertThrows(ApiException.class, action::run);
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    public void amountsAreReadExactlyFromStringsAndPlainNumbers() {
        assertEquals(new BigDecimal("0.000000125"), body("{\"a\": \"0.000000125\"}", "a").decimal("a"));
        assertEquals(new BigDecimal("12.50"), body("{\"a\": 12.50}", "a").decimal("a"));
    }

    @Test
    public void exponentsAndOverlongNumbersAreRefusedBeforeAnyArithmetic() {
        assertTrue(badRequest(() -> body("{\"a\": 1e999999999}", "a").decimal("a")).contains("a must be a plain decimal"));
        assertTrue(badRequest(() -> body("{\"a\": \"1e3\"}", "a").decimal("a")).contains("plain decimal"));
        assertTrue(badRequest(() -> body("{\"a\": " + "9".repeat(41) + "}", "a")).contains("longer than 40"));
    }

    @Test
    public void countsAreNonNegativeWholeNumbersThatFitALong() {
        assertEquals(42, body("{\"n\": 42}", "n").count("n", 0));
        assertEquals(7, body("{}", "n").count("n", 7));
        assertEquals(7, body("{\"n\": null}", "n").count("n", 7));
        for (String bad : new String[] {"-1", "1.5", "1e3", "\"3\"", "9999999999999999999", "true"}) {
            assertTrue(bad, badRequest(() -> body("{\"n\": " + bad + "}", "n").count("n", 0)).startsWith("n must be"));
        }
    }

    @Test
    public void unknownAndRepeatedFieldsAreErrorsNamingThem() {
        assertTrue(badRequest(() -> body("{\"nmae\": 1}", "name")).contains("unknown field 'nmae'"));
        assertTrue(badRequest(() -> body("{\"a\": 1, \"a\": 2}", "a")).contains("'a' appears twice"));
        assertTrue(badRequest(() -> body("{\"u\": {\"x\": 1}}", "u").object("u", "y")).contains("'u.x'"));
    }

    @Test
    public void malformedJsonIsA400WithoutGsonsAdvice() {
        for (String bad : new String[] {"{", "", "{'a': 1}", "{\"a\": 1} x", "[1,]", "{a: 1}"}) {
            String message = badRequest(() -> StrictJsonReader.read(new StringReader(bad)));
            assertTrue(bad + " -> " + message, message.contains("JSON") || message.contains("empty"));
            assertTrue(message, !message.contains("setStrictness") && !message.contains("http"));
        }
        assertTrue(badRequest(() -> StrictJsonReader.read(new StringReader("[".repeat(40) + "]".repeat(40))))
                .contains("nested deeper"));
    }

    @Test
    public void aPolicyBodyBecomesAValidatedPolicyAndBadValuesNameTheirField() {
        String json = "{\"name\": \"Team\", \"scope\": \"TEAM\", \"scopeValue\": \"*\", \"period\": \"DAILY\","
                + " \"timeZone\": \"Europe/Berlin\", \"limit\": {\"amount\": \"5\", \"currency\": \"EUR\"},"
                + " \"thresholds\": [50, 90], \"action\": \"WARN\"}";
        BudgetPolicy policy = RequestMapper.policy(body(json, RequestMapper.POLICY_FIELDS), "team-daily");
        assertEquals("team-daily", policy.id());
        assertEquals("5.00 EUR", policy.limit().toString());
        assertEquals("Europe/Berlin", policy.period().zone().getId());
        assertTrue(policy.isPerValue());
        assertTrue(badRequest(() -> RequestMapper.policy(body(json.replace("EUR", "EURO"),
                RequestMapper.POLICY_FIELDS), "x")).contains("limit.currency"));
        assertTrue(badRequest(() -> RequestMapper.policy(body(json.replace("Europe/Berlin", "Berlin/Europe"),
                RequestMapper.POLICY_FIELDS), "x")).startsWith("timeZone"));
    }

    @Test
    public void usageKeepsTheSubsetRulesAndNamesThePath() {
        Usage usage = RequestMapper.usage(body("{\"inputTokens\": 10, \"cacheReadTokens\": 4, \"outputTokens\": 5,"
                + " \"reasoningTokens\": 2, \"audioSeconds\": \"1.5\"}", RequestMapper.USAGE_FIELDS));
        assertEquals(10, usage.inputTokens());
        assertEquals(new BigDecimal("1.5"), usage.audioSeconds());
        assertEquals(1, usage.requests());
        assertTrue(badRequest(() -> RequestMapper.usage(body("{\"outputTokens\": 1, \"reasoningTokens\": 2}",
                RequestMapper.USAGE_FIELDS))).contains("reasoningTokens"));
    }
}
