package org.atlas.budget.manager.internal.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Committed spend of a rolling window in time slots of window / {@value #SLOTS}, as a ring. A
 * slot is dropped only once its end is a whole window old, so spend ages out late by at most one
 * slot width (24h windows: 10 minutes), never early. The ring keeps {@code SLOTS + 1} slots: the
 * window and the slot being filled. Not thread-safe: the bucket's lock guards it.
 */
final class RollingSlots {

    static final int SLOTS = 144;

    private final long windowMillis;
    private final long slotMillis;
    private final long[] amounts = new long[SLOTS + 1];
    private final long[] slotNumbers = new long[SLOTS + 1];
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
        // Oldest live slot first: slot s leaves the window when slot s + SLOTS + 1 begins.
        for (long s = current - SLOTS; s <= current; s++) {
            int i = index(s);
            if (slotNumbers[i] == s) {
                freed += amounts[i];
                if (freed >= needed) {
                    return Instant.ofEpochMilli((s + SLOTS + 1) * slotMillis);
                }
            }
        }
        return null;
    }

    private void evict(long currentSlot) {
        long oldestLive = currentSlot - SLOTS;
        if (oldestLive <= liveFrom) {
            return;
        }
        liveFrom = oldestLive;
        for (int i = 0; i < SLOTS + 1; i++) {
            if (slotNumbers[i] != Long.MIN_VALUE && slotNumbers[i] < oldestLive) {
                total -= amounts[i];
                amounts[i] = 0;
                slotNumbers[i] = Long.MIN_VALUE;
            }
        }
    }

    /** The start of the slot holding {@code at}: where a charge at that instant is counted. */
    Instant slotStart(Instant at) {
        return Instant.ofEpochMilli(slotOf(at) * slotMillis);
    }

    /** The start of the slot holding {@code at}, in epoch milliseconds. */
    long slotStartMillis(Instant at) {
        return slotOf(at) * slotMillis;
    }

    private long slotOf(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), slotMillis);
    }

    private static int index(long slot) {
        return (int) Math.floorMod(slot, (long) SLOTS + 1);
    }
}
