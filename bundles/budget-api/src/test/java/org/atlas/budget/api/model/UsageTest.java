package org.atlas.budget.api.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import org.junit.Test;

public class UsageTest {

    @Test
    public void inputIncludesCacheReadsAndWrites() {
        Usage u = Usage.builder().inputTokens(1000).cacheReadTokens(600).cacheWriteTokens(300)
                .cacheWrite1hTokens(100).outputTokens(50).reasoningTokens(20).build();
        assertEquals(100, u.uncachedInputTokens());
        assertEquals(200, u.cacheWrite5mTokens());
        assertEquals(30, u.visibleOutputTokens());
        assertEquals(1, u.requests());
    }

    @Test
    public void rejectsCacheBeyondInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Usage.builder().inputTokens(100).cacheReadTokens(60).cacheWriteTokens(41).build());
        assertTrue(e.getMessage(), e.getMessage().contains("must not exceed inputTokens (100)"));
    }

    @Test
    public void acceptsCacheExactlyEqualToInput() {
        Usage u = Usage.builder().inputTokens(100).cacheReadTokens(60).cacheWriteTokens(40).build();
        assertEquals(0, u.uncachedInputTokens());
    }

    @Test
    public void rejectsOneHourWritesBeyondWrites() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Usage.builder().inputTokens(100).cacheWriteTokens(10).cacheWrite1hTokens(11).build());
        assertTrue(e.getMessage(), e.getMessage().contains("cacheWrite1hTokens"));
    }

    @Test
    public void rejectsReasoningBeyondOutput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Usage.builder().outputTokens(10).reasoningTokens(11).build());
        assertTrue(e.getMessage(), e.getMessage().contains("output tokens include reasoning"));
    }

    @Test
    public void rejectsEveryNegativeCountNamingTheField() {
        assertNegativeRejected("inputTokens", () -> Usage.builder().inputTokens(-1).build());
        assertNegativeRejected("cacheReadTokens", () -> Usage.builder().cacheReadTokens(-1).build());
        assertNegativeRejected("cacheWriteTokens", () -> Usage.builder().cacheWriteTokens(-1).build());
        assertNegativeRejected("cacheWrite1hTokens", () -> Usage.builder().cacheWrite1hTokens(-1).build());
        assertNegativeRejected("outputTokens", () -> Usage.builder().outputTokens(-1).build());
        assertNegativeRejected("reasoningTokens", () -> Usage.builder().reasoningTokens(-1).build());
        assertNegativeRejected("characters", () -> Usage.builder().characters(-1).build());
        assertNegativeRejected("requests", () -> Usage.builder().requests(-1).build());
        assertNegativeRejected("audioSeconds", () -> Usage.builder().audioSeconds(new BigDecimal("-0.5")).build());
    }

    @Test
    public void rejectsOverflowingCacheSum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Usage.builder().inputTokens(Long.MAX_VALUE).cacheReadTokens(Long.MAX_VALUE)
                        .cacheWriteTokens(Long.MAX_VALUE).build());
        assertTrue(e.getMessage(), e.getMessage().contains("overflows"));
    }

    @Test
    public void rejectsAudioFinerThanNanos() {
        assertThrows(IllegalArgumentException.class,
                () -> Usage.builder().audioSeconds(new BigDecimal("1.0000000001")).build());
    }

    @Test
    public void rejectsMissingImagesAndAudio() {
        assertThrows(IllegalArgumentException.class,
                () -> new Usage(0, 0, 0, 0, 0, 0, null, BigDecimal.ZERO, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Usage(0, 0, 0, 0, 0, 0, List.of(), null, 0, 0));
    }

    @Test
    public void imagesNeedACountSizeAndQuality() {
        assertThrows(IllegalArgumentException.class, () -> new ImageUsage(0, "1024x1024", "hd"));
        assertThrows(IllegalArgumentException.class, () -> new ImageUsage(1, " ", "hd"));
        assertThrows(IllegalArgumentException.class, () -> new ImageUsage(1, "1024x1024", null));
        ImageUsage image = new ImageUsage(2, "1024X1024", "HD");
        assertEquals("1024x1024", image.size());
        assertEquals("hd", image.quality());
    }

    @Test
    public void sumsUsagesExactly() {
        Usage a = Usage.builder().inputTokens(10).cacheReadTokens(5).outputTokens(3).reasoningTokens(1)
                .image(1, "1024x1024", "hd").audioSeconds(new BigDecimal("1.5")).build();
        Usage b = Usage.builder().inputTokens(20).outputTokens(7).image(2, "512x512", "standard")
                .audioSeconds(new BigDecimal("0.25")).characters(9).build();
        Usage sum = a.plus(b);
        assertEquals(30, sum.inputTokens());
        assertEquals(5, sum.cacheReadTokens());
        assertEquals(10, sum.outputTokens());
        assertEquals(1, sum.reasoningTokens());
        assertEquals(3, sum.imageCount());
        assertEquals(0, new BigDecimal("1.75").compareTo(sum.audioSeconds()));
        assertEquals(9, sum.characters());
        assertEquals(2, sum.requests());
    }

    @Test
    public void sumRefusesToOverflow() {
        Usage big = Usage.builder().inputTokens(Long.MAX_VALUE).build();
        assertThrows(ArithmeticException.class, () -> big.plus(big));
    }

    @Test
    public void imageListIsImmutable() {
        Usage u = Usage.builder().image(1, "1024x1024", "hd").build();
        assertThrows(UnsupportedOperationException.class, () -> u.images().add(new ImageUsage(1, "a", "b")));
    }

    private static void assertNegativeRejected(String field, org.junit.function.ThrowingRunnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage(), e.getMessage().startsWith(field + " must not be negative"));
    }

    @Test
    public void audioSecondsHaveOneRepresentationSoAUsageReadBackEqualsTheOneRecorded() {
        Usage recorded = Usage.builder().inputTokens(1).audioSeconds(new BigDecimal("1.5")).build();
        Usage readBack = Usage.builder().inputTokens(1).audioSeconds(new BigDecimal("1.500000000")).build();
        assertEquals(recorded, readBack);
        assertEquals(Usage.builder().build(), Usage.builder().audioSeconds(new BigDecimal("0E-9")).build());
        assertEquals("100", Usage.builder().audioSeconds(new BigDecimal("100.000")).build().audioSeconds().toString());
    }
}
