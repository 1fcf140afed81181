package org.atlas.budget.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.model.BreakdownQuery;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.PeriodSpend;
import org.atlas.budget.api.model.RollupRow;
import org.atlas.budget.api.model.Scope;
import org.junit.Test;

public class SpendAndRepricingTest {

    private static final Currency USD = Currency.getInstance("USD");

    /** Records the queries it is asked and answers one row. */
    private static final class RecordingQueries implements SpendQueries {
        final List<BreakdownQuery> asked = new ArrayList<>();

        @Override
        public List<BucketStatus> spend(Scope scope, String scopeValue, String policyId) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public List<PeriodSpend> spendByPeriod(String policyId, Instant from) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public List<RollupRow> breakdown(BreakdownQuery query) {
            asked.add(query);
            return List.of(new RollupRow(null, List.of("gpt-4o"), USD, Money.of("1.25", "USD"), 3, 1, 30, 5, 0, 12, 2));
        }
    }

    private static BudgetPolicy policy(String period, String zone) {
        return RequestMapper.policy(JsonFields.body(JsonParser.parseString("{\"id\": \"p1\", \"name\": \"P\","
                + " \"scope\": \"PROJECT\", \"scopeValue\": \"apollo\", \"period\": \"" + period + "\", \"timeZone\": \""
                + zone + "\", \"limit\": {\"amount\": \"10\", \"currency\": \"USD\"}, \"action\": \"BLOCK\"}"),
                RequestMapper.POLICY_FIELDS), null);
    }

    private static BucketStatus bucket(Instant start, Instant resets) {
        Money zero = Money.of("0", "USD");
        Money ten = Money.of("10", "USD");
        return new BucketStatus("p1", "apollo", start, resets, zero, zero, ten, ten);
    }

    @Test
    public void aBreakdownOfAWholeHourPeriodAsksTheRollupsForExactlyThatPeriodAndScopeValue() {
        RecordingQueries queries = new RecordingQueries();
        JsonObject view = new JsonObject();
        Instant start = Instant.parse("2026-10-31T23:00:00Z");
        Instant resets = Instant.parse("2026-11-30T23:00:00Z");
        SpendBreakdown.add(view, queries, policy("MONTHLY", "Europe/Berlin"), bucket(start, resets), GroupBy.MODEL,
                Instant.parse("2026-11-15T10:17:00Z"));
        BreakdownQuery q = queries.asked.get(0);
        assertEquals(start, q.from());
        assertEquals(resets, q.to());
        assertEquals("apollo", q.projectId());
        assertNull(q.userId());
        assertEquals(GroupBy.MODEL, q.dimension());
        assertEquals(0, view.getAsJsonArray("breakdownNotes").size());
        JsonObject row = view.getAsJsonArray("breakdown").get(0).getAsJsonObject();
        assertEquals("gpt-4o", row.get("key").getAsString());
        assertEquals("1.25", row.getAsJsonObject("cost").get("amount").getAsString());
        assertEquals(1, row.get("unpricedCalls").getAsLong());
    }

    @Test
    public void aPeriodOffWholeHoursIsWidenedAndTheAnswerSaysSo() {
        RecordingQueries queries = new RecordingQueries();
        JsonObject view = new JsonObject();
        Instant start = Instant.parse("2026-10-31T18:30:00Z"); // Asia/Kolkata midnight
        Instant resets = Instant.parse("2026-11-30T18:30:00Z");
        SpendBreakdown.add(view, queries, policy("MONTHLY", "Asia/Kolkata"), bucket(start, resets), GroupBy.USER,
                Instant.parse("2026-11-15T10:17:00Z"));
        BreakdownQuery q = queries.asked.get(0);
        assertEquals(Instant.parse("2026-10-31T18:00:00Z"), q.from());
        assertEquals(Instant.parse("2026-11-30T19:00:00Z"), q.to());
        assertEquals("2026-10-31T18:00:00Z", view.get("breakdownFrom").getAsString());
        assertTrue(view.getAsJsonArray("breakdownNotes").get(0).getAsString().contains("whole UTC hour"));
    }

    @Test
    public void aTagBreakdownReadsTheExactPeriodAndAnOpenPeriodEndsNow() {
        RecordingQueries queries = new RecordingQueries();
        Instant start = Instant.parse("2026-11-15T09:59:13Z");
        Instant now = Instant.parse("2026-11-15T10:17:00Z");
        SpendBreakdown.add(new JsonObject(), queries, policy("MONTHLY", "UTC"), bucket(start, null), GroupBy.TAG, now);
        assertEquals(start, queries.asked.get(0).from());
        assertEquals(now, queries.asked.get(0).to());
    }

    @Test
    public void hoursAreFlooredAndCeiledInUtc() {
        assertEquals(Instant.parse("2026-11-15T10:00:00Z"), SpendBreakdown.floorHour(Instant.parse("2026-11-15T10:59:59.9Z")));
        assertEquals(Instant.parse("2026-11-15T11:00:00Z"), SpendBreakdown.ceilHour(Instant.parse("2026-11-15T10:00:00.001Z")));
        assertEquals(Instant.parse("2026-11-15T10:00:00Z"), SpendBreakdown.ceilHour(Instant.parse("2026-11-15T10:00:00Z")));
        assertEquals(Instant.parse("1969-12-31T23:00:00Z"), SpendBreakdown.floorHour(Instant.parse("1969-12-31T23:30:00Z")));
    }

    private static ApiException refused(String body) {
        return assertThrows(ApiException.class, () -> RepricingEndpoints.request(
                JsonFields.body(JsonParser.parseString(body), RepricingEndpoints.FIELDS)));
    }

    @Test
    public void repricingRequestsNameWhatIsMissingOrWrong() {
        assertTrue(refused("{\"from\": \"2026-11-01T00:00:00Z\", \"to\": \"2026-12-01T00:00:00Z\"}").getMessage()
                .startsWith("pricesAt is required"));
        assertTrue(refused("{\"to\": \"2026-12-01T00:00:00Z\", \"pricesAt\": \"2026-12-01T00:00:00Z\"}").getMessage()
                .startsWith("from is required"));
        assertTrue(refused("{\"from\": \"yesterday\"}").getMessage().startsWith("from must be an ISO-8601 instant"));
        assertTrue(refused("{\"from\": \"2026-11-01T00:00:00Z\", \"till\": 1}").getMessage().contains("'till'"));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> RepricingEndpoints.request(
                JsonFields.body(JsonParser.parseString("{\"from\": \"2026-12-01T00:00:00Z\", \"to\":"
                        + " \"2026-11-01T00:00:00Z\", \"pricesAt\": \"2026-12-01T00:00:00Z\"}"), RepricingEndpoints.FIELDS)));
        assertTrue(order.getMessage().startsWith("from"));
    }
}
