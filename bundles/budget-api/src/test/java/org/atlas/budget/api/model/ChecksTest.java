package org.atlas.budget.api.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class ChecksTest {

    @Test
    public void aStringSeenValidIsStillCheckedAgainstEachFieldsLength() {
        String version = "openai/gpt-4o@2026-11-01";
        assertSame(version, Checks.text(version, "priceVersion", 200));
        assertSame(version, Checks.text(version, "priceVersion", 200));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.text(version, "short", 10));
        assertEquals("short must be at most 10 characters, was 24", e.getMessage());
    }

    @Test
    public void stringsThatNeedStrippingOrAreInvalidAreCheckedEveryTime() {
        String padded = "  alice ";
        assertEquals("alice", Checks.text(padded, "userId", 64));
        assertEquals("alice", Checks.text(padded, "userId", 64));
        String control = "bad\u0007id";
        for (int i = 0; i < 2; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Checks.text(control, "requestId", 64));
            assertEquals("requestId must not contain control characters", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Checks.text("   ", "model", 64));
    }
}
