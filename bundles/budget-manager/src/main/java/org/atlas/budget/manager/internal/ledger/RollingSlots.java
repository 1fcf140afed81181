package org.atlas.budget.manager.internal.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Committed spend of a rolling window in {@value #SLOTS} time slots, as a ring. A slot is
 * dropped once its whole width is older than the window, so spend ages out late by at most one
 * slot width (24h windows: 10 minutes), never early. Not thread-safe: the bucket's lock guards it.
 */
final class RollingSlots {

    static final int SLOTS = 144;

    private final long windowMillis;
    private final long slotMillis;
    private final long[] amounts = new long[SLOTS];
    private final long[] slotNumbers = new long[SLOTS];
    private long total;
    /** Every slot below this number has been evicted already. */
    private long liveFrom = Long.MIN_VALUE;

    RollingSlots(Duration window) {
        this.windowMillis = window.toMillis();
        this.slotMillis = windowMillis / SLOTS;
        java.util.Arrays.fill(slotNumbers, Long.MIN_VALUE);
    }

    void add(long amount, Instant at) {
        long slot = slotOf(at);
        evict(slot);
        int i = index(slot);
        if (slotNumbers[i] != slot) {
            slotNumbers[i] = slot;
            amounts[i] = 0;
        }
        amounts[i] = Math.addExact(amounts[i], amount);
        total = Math.addExact(total, amount);
    }

    long total(Instant now) {
        evict(slotOf(now));
        return total;
    }

    Instant whenFreed(long needed, Instant now) {
        long current = slotOf(now);
        evict(current);
        long freed = 0;
        // Oldest live slot first: slot s leaves the window when slot s + SLOTS begins.
        for (long s = current - SLOTS + 1; s <= current; s++) {
            int i = index(s);
            if (slotNumbers[i] == s) {
                freed += amounts[i];
                if (freed >= needed) {
                    return Instant.ofEpochMilli((s + SLOTS) * slotMillis);
                }
            }
        }
        return null;
    }

    private void evict(long currentSlot) {
        long oldestLive = currentSlot - SLOTS + 1;
        if (oldestLive <= liveFrom) {
            return;
        }
        liveFrom = oldestLive;
        for (int i = 0; i < SLOTS; i++) {
            if (slotNumbers[i] != Long.MIN_VALUE && slotNumbers[i] < oldestLive) {
                total -= amounts[i];
                amounts[i] = 0;
                slotNumbers[i] = Long.MIN_VALUE;
            }
        }
    }

    private long slotOf(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), slotMillis);
    }

    private static int index(long slot) {
        return (int) Math.floorMod(slot, (long) SLOTS);
    }
}
