package org.atlas.budget.manager.internal.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.Test;

/**
 * Rolling windows in slots: a 24h window has 144 slots of 10 minutes (7 days: 70 minutes, 30
 * days: 5 hours). Spend in a slot counts until the slot's end is a whole window old, so it ages
 * out late by less than one slot and never early.
 */
public class RollingSlotsTest {

    static final Duration DAY = Duration.ofHours(24);
    static final Duration SLOT = Duration.ofMinutes(10);
    /** A slot boundary: 12:00 is a multiple of 10 minutes since the epoch. */
    static final Instant NOON = Instant.parse("2026-11-10T12:00:00Z");

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    public void spendAgesOutExactlyAWindowAfterTheEndOfItsSlot() {
        // Added anywhere in the slot 12:00-12:10, spend leaves at 12:10 the next day.
        for (Duration offset : List.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofMinutes(5),
                SLOT.minusMillis(1))) {
            RollingSlots slots = new RollingSlots(DAY);
            Instant at = NOON.plus(offset);
            slots.add(700, at);
            Instant leaves = NOON.plus(SLOT).plus(DAY);
            assertEquals(offset + ": counted when added", 700, slots.total(at));
            assertEquals(offset + ": counted a whole window later", 700, slots.total(at.plus(DAY)));
            assertEquals(offset + ": counted until the last millisecond", 700, slots.total(leaves.minusMillis(1)));
            assertEquals(offset + ": gone at the end of its slot plus the window", 0, slots.total(leaves));
        }
    }

    @Test
    public void spendIsNeverForgottenEarlyWhateverTheWindow() {
        SplittableRandom random = new SplittableRandom(7);
        for (Duration window : List.of(DAY, Duration.ofDays(7), Duration.ofDays(30))) {
            long slotMillis = window.toMillis() / RollingSlots.SLOTS;
            for (int i = 0; i < 200; i++) {
                RollingSlots slots = new RollingSlots(window);
                Instant at = NOON.plusMillis(random.nextLong(window.toMillis()));
                slots.add(1, at);
                long slotEnd = Math.floorDiv(at.toEpochMilli(), slotMillis) * slotMillis + slotMillis;
                Instant leaves = Instant.ofEpochMilli(slotEnd).plus(window);
                assertEquals(window + " " + at, 1, slots.total(at.plus(window)));
                assertEquals(window + " " + at, 1, slots.total(leaves.minusMillis(1)));
                assertTrue("late by less than one slot", Duration.between(at.plus(window), leaves).toMillis()
                        <= slotMillis);
                assertEquals(window + " " + at, 0, slots.total(leaves));
            }
        }
    }

    @Test
    public void slotsOfOneWindowAgeOutOneByOne() {
        RollingSlots slots = new RollingSlots(DAY);
        slots.add(1, NOON);                       // slot 12:00, leaves 12:10 next day
        slots.add(10, t("2026-11-10T12:15:00Z")); // slot 12:10, leaves 12:20
        slots.add(100, t("2026-11-11T11:59:00Z")); // slot 11:50 next day, leaves 12:00 the day after
        assertEquals(111, slots.total(t("2026-11-11T12:09:59.999Z")));
        assertEquals(110, slots.total(t("2026-11-11T12:10:00Z")));
        assertEquals(110, slots.total(t("2026-11-11T12:19:59.999Z")));
        assertEquals(100, slots.total(t("2026-11-11T12:20:00Z")));
        assertEquals(100, slots.total(t("2026-11-12T11:59:59.999Z")));
        assertEquals(0, slots.total(t("2026-11-12T12:00:00Z")));
    }

    @Test
    public void theRingWrapsAroundOverSeveralDays() {
        // One add every 7 minutes for 5 days: the 145-slot ring is reused about 5 times over.
        RollingSlots slots = new RollingSlots(DAY);
        List<long[]> added = new ArrayList<>(); // {epoch millis, amount}
        Instant now = NOON;
        Instant end = NOON.plus(Duration.ofDays(5));
        long amount = 1;
        while (now.isBefore(end)) {
            slots.add(amount, now);
            added.add(new long[] {now.toEpochMilli(), amount});
            assertEquals(now.toString(), expectedTotal(added, now, DAY), slots.total(now));
            now = now.plus(Duration.ofMinutes(7));
            amount = amount * 3 % 1_000_003;
        }
        // Then silence: everything ages out by the end of the last slot plus one window.
        for (Instant later = now; !later.isAfter(now.plus(DAY).plus(SLOT)); later = later.plus(Duration.ofMinutes(3))) {
            assertEquals(later.toString(), expectedTotal(added, later, DAY), slots.total(later));
        }
        assertEquals(0, slots.total(now.plus(DAY).plus(SLOT)));
    }

    @Test
    public void aLongSilenceClearsTheWholeRing() {
        RollingSlots slots = new RollingSlots(DAY);
        for (int i = 0; i < 145; i++) {
            slots.add(1_000, NOON.plus(SLOT.multipliedBy(i)));
        }
        assertEquals(145_000 - 1_000, slots.total(NOON.plus(SLOT.multipliedBy(145))));
        Instant muchLater = NOON.plus(Duration.ofDays(40));
        assertEquals(0, slots.total(muchLater));
        slots.add(5, muchLater);
        assertEquals(5, slots.total(muchLater));
        assertEquals(5, slots.total(muchLater.plus(DAY)));
        assertEquals(0, slots.total(muchLater.plus(DAY).plus(SLOT)));
    }

    @Test
    public void whenFreedAnswersWhenEnoughSpendWillHaveAgedOut() {
        RollingSlots slots = new RollingSlots(DAY);
        slots.add(100, t("2026-11-10T12:03:00Z")); // leaves 2026-11-11T12:10
        slots.add(200, t("2026-11-10T15:45:00Z")); // leaves 2026-11-11T15:50
        slots.add(300, t("2026-11-11T09:00:00Z")); // leaves 2026-11-12T09:10
        Instant now = t("2026-11-11T10:00:00Z");
        assertEquals(t("2026-11-11T12:10:00Z"), slots.whenFreed(1, now));
        assertEquals(t("2026-11-11T12:10:00Z"), slots.whenFreed(100, now));
        assertEquals(t("2026-11-11T15:50:00Z"), slots.whenFreed(101, now));
        assertEquals(t("2026-11-11T15:50:00Z"), slots.whenFreed(300, now));
        assertEquals(t("2026-11-12T09:10:00Z"), slots.whenFreed(301, now));
        assertEquals(t("2026-11-12T09:10:00Z"), slots.whenFreed(600, now));
        assertNull("more than is spent never ages out", slots.whenFreed(601, now));
        // Once the first slot has gone, the answers move on.
        Instant later = t("2026-11-11T12:10:00Z");
        assertEquals(500, slots.total(later));
        assertEquals(t("2026-11-11T15:50:00Z"), slots.whenFreed(1, later));
        assertNull(slots.whenFreed(501, later));
        assertNull(new RollingSlots(DAY).whenFreed(1, later));
    }

    @Test
    public void whenFreedAgreesWithTotal() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 50; round++) {
            List<long[]> adds = new ArrayList<>();
            Instant now = NOON;
            for (int i = 0; i < 40; i++) {
                now = now.plusMillis(random.nextLong(Duration.ofHours(2).toMillis()));
                adds.add(new long[] {now.toEpochMilli(), 1 + random.nextLong(1_000_000)});
            }
            RollingSlots slots = replay(adds, DAY);
            long total = slots.total(now);
            long needed = 1 + random.nextLong(total + 1);
            Instant freed = slots.whenFreed(needed, now);
            if (needed > total) {
                assertNull(freed);
                continue;
            }
            assertTrue(freed.isAfter(now));
            // A fresh copy (total() evicts, so each probe needs its own) shows the spend leaving.
            assertTrue("not yet freed 1 ms before", total - replay(adds, DAY).total(freed.minusMillis(1)) < needed);
            assertTrue("freed by then", total - replay(adds, DAY).total(freed) >= needed);
        }
    }

    @Test
    public void totalsStayExactOverTenThousandRandomAdds() {
        SplittableRandom random = new SplittableRandom(42);
        for (Duration window : List.of(DAY, Duration.ofDays(7))) {
            RollingSlots slots = new RollingSlots(window);
            List<long[]> added = new ArrayList<>();
            Instant now = NOON;
            for (int i = 0; i < 10_000; i++) {
                // Mostly small steps, now and then a long gap; time never goes back.
                long step = random.nextInt(100) == 0 ? random.nextLong(window.toMillis() * 2)
                        : random.nextLong(window.toMillis() / 500);
                now = now.plusMillis(step);
                long amount = random.nextInt(10) == 0 ? random.nextLong(1L << 40) : 1 + random.nextLong(20_000_000);
                slots.add(amount, now);
                added.add(new long[] {now.toEpochMilli(), amount});
                if (i % 10 == 0 || step > window.toMillis()) {
                    assertEquals(window + " after " + (i + 1) + " adds", expectedTotal(added, now, window),
                            slots.total(now));
                }
            }
            assertEquals(expectedTotal(added, now, window), slots.total(now));
            Instant quiet = now.plus(window).plus(window.dividedBy(RollingSlots.SLOTS));
            assertEquals(0, slots.total(quiet));
        }
    }

    /** The exact rule: spend counts while its slot's end plus the window lies after {@code now}. */
    static long expectedTotal(List<long[]> added, Instant now, Duration window) {
        long slotMillis = window.toMillis() / RollingSlots.SLOTS;
        long total = 0;
        for (long[] a : added) {
            long slotEnd = Math.floorDiv(a[0], slotMillis) * slotMillis + slotMillis;
            if (slotEnd + window.toMillis() > now.toEpochMilli()) {
                total = Math.addExact(total, a[1]);
            }
        }
        return total;
    }

    static RollingSlots replay(List<long[]> adds, Duration window) {
        RollingSlots slots = new RollingSlots(window);
        for (long[] a : adds) {
            slots.add(a[1], Instant.ofEpochMilli(a[0]));
        }
        return slots;
    }
}
