package org.atlas.budget.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Money;
import org.junit.Test;

public class MiscTest {

    @Test
    public void errorsMapToStatusesAndUnexpectedOnesHideTheirDetails() {
        assertEquals(400, ErrorMapper.map(new IllegalArgumentException("limit must be positive")).status());
        assertEquals("limit must be positive", ErrorMapper.map(new IllegalArgumentException("limit must be positive"))
                .message());
        assertEquals(404, ErrorMapper.map(new NoSuchElementException("no policy")).status());
        assertEquals(503, ErrorMapper.map(new BudgetUnavailableException("store down")).status());
        assertEquals(409, ErrorMapper.map(ApiException.conflict("exists")).status());
        ErrorMapper.Problem internal = ErrorMapper.map(new NullPointerException("secret.internal.Thing"));
        assertEquals(500, internal.status());
        assertFalse(internal.message(), internal.message().contains("secret") || internal.message().contains("Null"));
    }

    @Test
    public void queriesAreStrictAndDecodedOnce() {
        Map<String, String[]> params = Query.parse("from=2026-01-01T00%3A00%3A00Z&tag=a+b&empty=");
        assertEquals("2026-01-01T00:00:00Z", params.get("from")[0]);
        assertEquals("a b", params.get("tag")[0]);
        Query q = Query.of(params, "from", "tag", "empty");
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), q.instant("from"));
        assertNull(q.text("empty"));
        ApiException unknown = assertThrows(ApiException.class, () -> Query.of(params, "from", "tag"));
        assertTrue(unknown.getMessage().contains("'empty'"));
        assertThrows(ApiException.class, () -> Query.of(Query.parse("a=1&a=2"), "a"));
        assertThrows(ApiException.class, () -> Query.parse("a=%zz"));
        assertTrue(assertThrows(ApiException.class, () -> Query.of(Query.parse("limit=-1"), "limit")
                .integer("limit", 1)).getMessage().startsWith("limit"));
    }

    @Test
    public void prometheusLabelsAreEscapedAndSorted() {
        assertEquals("m{a=\"x\\\"y\",b=\"1\\\\2\\n\"} 3\n",
                PrometheusText.line("m", Map.of("b", "1\\2\n", "a", "x\"y"), "3"));
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Admission admission(String id, Instant expiresAt) {
        AdmissionRequest request = AdmissionRequest.chat("req-" + id, "openai", "gpt-4o", Dimensions.NONE, 1, 1);
        return new Admission(id, request, new Decision(org.atlas.budget.api.model.Outcome.ALLOW, null, List.of(),
                null, null, List.of()), Money.of("0.01", "USD"), expiresAt);
    }

    @Test
    public void admissionsAreForgottenWithTheirHoldAndTheTableIsBounded() {
        MutableClock clock = new MutableClock();
        AdmissionTable table = new AdmissionTable(2, Duration.ofMinutes(1), clock);
        Admission a = admission("a", clock.now.plusSeconds(10));
        assertTrue(table.remember(a));
        assertTrue(table.remember(admission("b", clock.now.plusSeconds(20))));
        assertFalse("full of live admissions", table.remember(admission("c", clock.now.plusSeconds(30))));
        assertSame(a, table.find("a"));
        clock.now = clock.now.plusSeconds(15);
        assertNull("expired with its hold", table.find("a"));
        assertTrue(table.remember(admission("c", clock.now.plusSeconds(30))));
        assertEquals(2, table.size());
        assertFalse(table.remember(admission("d", clock.now.plusSeconds(30))));
        table.ended("b");
        assertTrue("an ended admission makes room", table.remember(admission("d", clock.now.plusSeconds(30))));
        assertNull(table.find("b"));
    }
}
