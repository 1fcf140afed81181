package org.atlas.budget.api.model;

import static org.atlas.budget.api.model.UsageReportTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;

import org.junit.Test;

public class PriceModelTest {

    private static final Currency USD = Currency.getInstance("USD");

    private static ModelPrice gemini(List<ContextTier> tiers) {
        return new ModelPrice("google", "gemini-2.5-pro", Set.of("models/gemini-2.5-pro"), Operation.CHAT, "v1",
                Instant.parse("2025-06-17T00:00:00Z"), USD, TokenRates.of("1.25", "10"), tiers, null, null, null,
                null, null, Set.of("Vision", "tools"), null, "https://ai.google.dev/gemini-api/docs/pricing");
    }

    @Test
    public void absentRatesFallBackAsDocumented() {
        TokenRates r = TokenRates.of("3", "15");
        assertEquals(new BigDecimal("3"), r.effectiveCacheRead());
        assertEquals(new BigDecimal("3"), r.effectiveCacheWrite5m());
        assertEquals(new BigDecimal("3"), r.effectiveCacheWrite1h());
        assertEquals(new BigDecimal("15"), r.effectiveReasoning());
        TokenRates anthropic = new TokenRates(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"),
                new BigDecimal("3.75"), null, null);
        assertEquals(new BigDecimal("3.75"), anthropic.effectiveCacheWrite1h());
    }

    @Test
    public void ratesMustNotBeNegative() {
        assertMessage("input must not be negative", () -> TokenRates.of("-1", "1"));
        assertMessage("cacheRead must not be negative", () -> new TokenRates(BigDecimal.ONE, BigDecimal.ONE,
                new BigDecimal("-0.1"), null, null, null));
        assertMessage("output is required", () -> new TokenRates(BigDecimal.ONE, null, null, null, null, null));
    }

    @Test
    public void tierAppliesStrictlyAboveItsThreshold() {
        ContextTier above200k = new ContextTier(200_000, TokenRates.of("2.5", "15"));
        ModelPrice price = gemini(List.of(above200k));
        assertNull(price.tierFor(200_000));
        assertEquals(above200k, price.tierFor(200_001));
        assertNull(price.tierFor(0));
    }

    @Test
    public void tiersAreSortedAndTheHighestMatchingApplies() {
        ContextTier t1 = new ContextTier(128_000, TokenRates.of("2", "8"));
        ContextTier t2 = new ContextTier(200_000, TokenRates.of("3", "9"));
        ModelPrice price = gemini(List.of(t2, t1));
        assertEquals(List.of(t1, t2), price.tiers());
        assertEquals(t1, price.tierFor(150_000));
        assertEquals(t2, price.tierFor(250_000));
        assertMessage("two tiers share the threshold", () -> gemini(List.of(t1, new ContextTier(128_000,
                TokenRates.of("1", "1")))));
        assertMessage("tier threshold must be positive", () -> new ContextTier(0, TokenRates.of("1", "1")));
    }

    @Test
    public void modelPriceNormalisesAndValidates() {
        ModelPrice price = gemini(null);
        assertEquals(Set.of("tools", "vision"), price.capabilities());
        assertEquals("google", price.provider());
        assertMessage("a price needs at least one rate", () -> new ModelPrice("openai", "x", null, Operation.CHAT,
                "v", Instant.EPOCH, USD, null, null, null, null, null, null, null, null, null, null));
        assertMessage("batchMultiplier must be in (0, 1]", () -> new ModelPrice("openai", "x", null, Operation.CHAT,
                "v", Instant.EPOCH, USD, TokenRates.of("1", "1"), null, null, null, null, null, new BigDecimal("1.5"),
                null, null, null));
        assertMessage("context tiers need token rates", () -> new ModelPrice("openai", "x", null,
                Operation.IMAGE_GENERATION, "v", Instant.EPOCH, USD, null,
                List.of(new ContextTier(1, TokenRates.of("1", "1"))), List.of(new ImageRate("*", "*", BigDecimal.ONE)),
                null, null, null, null, null, null, null));
        assertMessage("perAudioSecond must not be negative", () -> new ModelPrice("openai", "whisper-1", null,
                Operation.SPEECH_TO_TEXT, "v", Instant.EPOCH, USD, null, null, null, new BigDecimal("-0.0001"), null,
                null, null, null, null, null));
    }

    @Test
    public void imageRatesMatchExactlyOrByWildcard() {
        ImageRate hd = new ImageRate("1024x1024", "HD", new BigDecimal("0.08"));
        ImageRate any = new ImageRate("*", "*", new BigDecimal("0.04"));
        ImageUsage image = new ImageUsage(1, "1024x1024", "hd");
        assertTrue(hd.matches(image));
        assertTrue(any.matches(image));
        assertFalse(hd.matches(new ImageUsage(1, "1024x1024", "standard")));
        assertTrue(hd.specificity() > any.specificity());
    }

    @Test
    public void importReportsListWhatWasLeftOut() {
        ImportReport report = new ImportReport("litellm", 2, List.of(new ImportReport.Entry("a", "no price")),
                List.of(new ImportReport.Entry("b", "input_cost_per_token above $1,000 per 1M tokens")));
        assertEquals(1, report.skipped().size());
        assertEquals("b", report.rejected().get(0).key());
    }
}
