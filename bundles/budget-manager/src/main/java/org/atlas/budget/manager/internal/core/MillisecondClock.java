package org.atlas.budget.manager.internal.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock in whole milliseconds, the enforcer's clock in production.
 *
 * <p>Why not {@link Clock#systemUTC()}: its {@code instant()} asks the VM for the nanoseconds
 * through a native call on every read, and an admission plus its completion read the clock
 * twice; those reads were about a twentieth of the pair (a CPU profile of
 * {@code AdmitCompleteBenchmark}). {@link System#currentTimeMillis()} is a compiler intrinsic.
 *
 * <p>What the coarser grain changes: the enforcer's "now" is truncated, towards the past, to the
 * millisecond. Calendar periods, rolling-window slots and time zones all turn on whole seconds;
 * only a custom range written with a fraction of a millisecond could see a call admitted up to a
 * millisecond after it ends. Hold and record times are stamped in whole milliseconds.
 */
public final class MillisecondClock extends Clock {

    public static final MillisecondClock UTC = new MillisecondClock(ZoneOffset.UTC);

    private final ZoneId zone;

    private MillisecondClock(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new MillisecondClock(newZone);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MillisecondClock clock && clock.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() + 1;
    }

    @Override
    public String toString() {
        return "MillisecondClock[" + zone + "]";
    }
}
