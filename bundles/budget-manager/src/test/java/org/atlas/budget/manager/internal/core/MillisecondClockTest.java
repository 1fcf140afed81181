package org.atlas.budget.manager.internal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.Test;

public class MillisecondClockTest {

    @Test
    public void readsTheSystemTimeTruncatedToTheMillisecond() {
        for (int i = 0; i < 1_000; i++) {
            long before = System.currentTimeMillis();
            Instant now = MillisecondClock.UTC.instant();
            long after = System.currentTimeMillis();
            assertEquals("whole milliseconds: " + now, 0, now.getNano() % 1_000_000);
            assertTrue(now + " within [" + before + ", " + after + "]",
                    now.toEpochMilli() >= before && now.toEpochMilli() <= after);
        }
    }

    @Test
    public void keepsItsZone() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertSame(MillisecondClock.UTC, MillisecondClock.UTC.withZone(ZoneOffset.UTC));
        assertEquals(paris, MillisecondClock.UTC.withZone(paris).getZone());
        assertEquals(MillisecondClock.UTC.withZone(paris), MillisecondClock.UTC.withZone(paris));
        assertNotEquals(MillisecondClock.UTC, MillisecondClock.UTC.withZone(paris));
    }
}
