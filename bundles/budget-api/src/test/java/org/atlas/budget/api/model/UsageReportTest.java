package org.atlas.budget.api.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;

import org.junit.Test;

public class UsageReportTest {

    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    public void normalisesProviderAndDefaultsDimensions() {
        UsageReport r = new UsageReport(" req-1 ", "OpenAI", "gpt-4o", Operation.CHAT, T, true, null, Usage.NONE);
        assertEquals("req-1", r.requestId());
        assertEquals("openai", r.provider());
        assertEquals(Dimensions.NONE, r.dimensions());
    }

    @Test
    public void rejectsEachMissingOrBadFieldByName() {
        assertMessage("requestId is required",
                () -> new UsageReport(null, "openai", "m", Operation.CHAT, T, true, null, Usage.NONE));
        assertMessage("requestId must not be blank",
                () -> new UsageReport("  ", "openai", "m", Operation.CHAT, T, true, null, Usage.NONE));
        assertMessage("requestId must be at most 200",
                () -> new UsageReport("x".repeat(201), "openai", "m", Operation.CHAT, T, true, null, Usage.NONE));
        assertMessage("provider may contain only",
                () -> new UsageReport("r", "open ai", "m", Operation.CHAT, T, true, null, Usage.NONE));
        assertMessage("model is required",
                () -> new UsageReport("r", "openai", null, Operation.CHAT, T, true, null, Usage.NONE));
        assertMessage("operation is required",
                () -> new UsageReport("r", "openai", "m", null, T, true, null, Usage.NONE));
        assertMessage("timestamp is required",
                () -> new UsageReport("r", "openai", "m", Operation.CHAT, null, true, null, Usage.NONE));
        assertMessage("usage is required",
                () -> new UsageReport("r", "openai", "m", Operation.CHAT, T, true, null, null));
        assertMessage("requestId must not contain control characters",
                () -> new UsageReport("a\nb", "openai", "m", Operation.CHAT, T, true, null, Usage.NONE));
    }

    @Test
    public void dimensionsAreTrimmedSortedAndBounded() {
        Dimensions d = new Dimensions(" alice ", null, "t", null, Set.of("b", "a"));
        assertEquals("alice", d.userId());
        assertNull(d.projectId());
        assertEquals("[a, b]", d.tags().toString());
        assertMessage("userId must not be blank", () -> Dimensions.ofUser(" "));
        assertMessage("tags must not be blank", () -> new Dimensions(null, null, null, null, Set.of(" ")));
        java.util.Set<String> many = new java.util.HashSet<>();
        for (int i = 0; i < 33; i++) {
            many.add("t" + i);
        }
        assertMessage("tags must hold at most 32", () -> new Dimensions(null, null, null, null, many));
        assertEquals("p", d.withProject("p").projectId());
        assertEquals("s", d.withSession("s").sessionId());
        assertEquals("x", d.withTeam("x").teamId());
        assertEquals("u", d.withUser("u").userId());
        assertEquals(Set.of("z"), d.withTags(Set.of("z")).tags());
    }

    @Test
    public void tagsAreADistinctSortedUnmodifiableSet() {
        Set<String> tags = new Dimensions(null, null, null, null,
                new java.util.LinkedHashSet<>(java.util.List.of("b", " a", "c", "a ", "b "))).tags();
        assertEquals(java.util.List.of("a", "b", "c"), new java.util.ArrayList<>(tags));
        assertEquals(3, tags.size());
        assertEquals(Set.of("c", "b", "a"), tags);
        assertEquals(Set.of("a", "b", "c").hashCode(), tags.hashCode());
        assertTrue(tags.contains("b"));
        assertTrue(!tags.contains("d") && !tags.contains(null) && !tags.contains(1));
        assertThrows(UnsupportedOperationException.class, () -> tags.add("d"));
        assertThrows(UnsupportedOperationException.class, () -> tags.remove("a"));
        assertThrows(UnsupportedOperationException.class, tags::clear);
        java.util.Iterator<String> it = tags.iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        assertTrue(new Dimensions(null, null, null, null, null).tags().isEmpty());
        assertEquals(Dimensions.NONE, new Dimensions(null, null, null, null, new java.util.TreeSet<>()));
    }

    @Test
    public void operationParsesLeniently() {
        assertEquals(Operation.IMAGE_GENERATION, Operation.parse("image-generation"));
        assertEquals(Operation.CHAT, Operation.parse(" chat "));
        assertMessage("operation must be one of", () -> Operation.parse("poetry"));
    }

    @Test
    public void unpricedChargesHaveNoCost() {
        assertNull(Charge.unpriced().cost());
        assertMessage("unknown is not $0",
                () -> new Charge(PricingStatus.UNPRICED, Money.zero(Currency.getInstance("USD")), null, null));
        assertMessage("cost is required", () -> new Charge(PricingStatus.PRICED, null, "v1", "c"));
        assertMessage("priceVersion is required",
                () -> new Charge(PricingStatus.PRICED, Money.of("1", "USD"), null, "c"));
    }

    @Test
    public void quotesRoundByTheNamedRules() {
        Quote q = new Quote(PricingStatus.PRICED, "openai", "gpt-4o", new BigDecimal("0.0000000015"),
                Currency.getInstance("USD"), "v1", "cat", null, null);
        assertEquals(2L, q.reservedCost().toNanos());
        assertEquals(2L, q.settledCost().toNanos());
        Quote q2 = new Quote(PricingStatus.PRICED, "openai", "gpt-4o", new BigDecimal("0.0000000025"),
                Currency.getInstance("USD"), "v1", "cat", null, null);
        assertEquals(3L, q2.reservedCost().toNanos());
        assertEquals(2L, q2.settledCost().toNanos());
        assertEquals(PricingStatus.PRICED, q2.toCharge().status());
        assertEquals("v1", q2.toCharge().priceVersion());
    }

    @Test
    public void unpricedQuotesRefuseToBeCharged() {
        Quote q = Quote.unpriced("openai", "gpt-9", "no catalogue prices it");
        assertEquals(Charge.unpriced(), q.toCharge());
        IllegalStateException e = assertThrows(IllegalStateException.class, q::settledCost);
        assertTrue(e.getMessage().contains("no catalogue prices it"));
        assertThrows(IllegalStateException.class, q::reservedCost);
        assertMessage("unknown is not $0", () -> new Quote(PricingStatus.UNPRICED, "p", "m", BigDecimal.ZERO, null,
                null, null, null, null));
    }

    @Test
    public void recordsNeedReportChargeAndTime() {
        UsageReport r = new UsageReport("r", "openai", "m", Operation.CHAT, T, true, null, Usage.NONE);
        assertEquals("r", new UsageRecord(r, Charge.unpriced(), T).requestId());
        assertMessage("charge is required", () -> new UsageRecord(r, null, T));
        assertMessage("recordedAt is required", () -> new UsageRecord(r, Charge.unpriced(), null));
    }

    static void assertMessage(String expected, org.junit.function.ThrowingRunnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue("expected '" + expected + "' in '" + e.getMessage() + "'", e.getMessage().contains(expected));
    }
}
