package org.atlas.budget.manager.internal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * The finished completions remembered to answer a duplicate with an equal record, oldest
 * forgotten first, at most about {@code capacity} of them.
 *
 * <p>Why not a map of records: at a few hundred thousand completions a second the memory turns
 * over every second or so, so every young collection finds most of it alive and copies it. A map
 * entry with its record was about ten objects and 520 bytes. Here an entry is a slot in two
 * arrays allocated once: the caller's request id and report, one array of bucket keys, and the
 * charge as plain figures (the cost in nano-units, which is exact: charges are rounded to
 * {@link Money#SCALE} places). What a young collection copies per entry is the caller's own
 * objects and that array.
 *
 * <p>The memory is split into segments by request id, each a ring of slots with a small
 * open-addressing index (linear probing, deletion by backward shift) under its own lock, so that
 * concurrent completions rarely wait for each other.
 */
final class CompletionMemory {

    private static final int SEGMENTS = 16;

    private final Segment[] segments = new Segment[SEGMENTS];
    private final int capacity;

    /** @param capacity the most completions remembered, rounded up to a multiple of 16; 0 remembers none */
    CompletionMemory(int capacity) {
        this.capacity = rounded(capacity);
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(this.capacity / SEGMENTS);
        }
    }

    /** The capacity a memory asked for {@code capacity} has. */
    static int rounded(int capacity) {
        return capacity <= 0 ? 0 : (capacity + SEGMENTS - 1) / SEGMENTS * SEGMENTS;
    }

    int capacity() {
        return capacity;
    }

    /** The remembered record of {@code requestId}, rebuilt equal to the original, or {@code null}. */
    UsageRecord find(String requestId) {
        return segment(requestId).find(requestId);
    }

    /** Remembers a finished completion; forgets the oldest of its segment when that is full. */
    void remember(UsageRecord record, long atMillis) {
        segment(record.requestId()).remember(record, atMillis);
    }

    /** Forgets every completion remembered before {@code beforeMillis}; returns how many. */
    int forgetBefore(long beforeMillis) {
        int forgotten = 0;
        for (Segment segment : segments) {
            forgotten += segment.forgetBefore(beforeMillis);
        }
        return forgotten;
    }

    int size() {
        int size = 0;
        for (Segment segment : segments) {
            size += segment.size();
        }
        return size;
    }

    /** A memory of another capacity holding the newest of these completions, oldest first. */
    CompletionMemory resized(int newCapacity) {
        CompletionMemory resized = new CompletionMemory(newCapacity);
        for (Segment segment : segments) {
            segment.copyInto(resized);
        }
        return resized;
    }

    private Segment segment(String requestId) {
        return segments[(spread(requestId.hashCode()) >>> 28) & (SEGMENTS - 1)];
    }

    /** Mixes the string hash so that ids differing only in their last characters spread out. */
    static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * One ring of slots. A slot's references and figures sit next to each other (a stride of
     * eight references in one array and four longs in another) rather than in an array per field,
     * so that remembering a completion touches two or three cache lines instead of a dozen.
     */
    private static final class Segment {
        // The references of a slot, at slot * REFS + ...
        private static final int REFS = 8;
        private static final int ID = 0;
        private static final int REPORT = 1;
        /** The {@code BucketKey[]} of the ledger entries. */
        private static final int KEYS = 2;
        /** The charge's {@link PricingStatus}, or the charge itself when it cannot be kept as figures. */
        private static final int STATUS_OR_CHARGE = 3;
        private static final int CURRENCY = 4;
        private static final int PRICE_VERSION = 5;
        private static final int CATALOGUE = 6;
        /**
         * {@code null} when every ledger entry was charged the charge's cost (the usual case: every
         * policy in the quote's currency is); else a {@code Money[]} with the amount of each.
         */
        private static final int AMOUNTS = 7;
        // The figures of a slot, at slot * LONGS + ...
        private static final int LONGS = 4;
        private static final int COST_NANOS = 0;
        private static final int RECORDED_SECONDS = 1;
        private static final int RECORDED_NANOS = 2;
        private static final int REMEMBERED_AT = 3;

        private final int slots;
        private final int mask;
        /** Pairs of (spread hash of the id, slot + 1); a slot of 0 is an empty position. */
        private final int[] index;
        private final Object[] refs;
        private final long[] figures;
        /** The oldest slot, and how many are in use after it (wrapping). */
        private int oldest;
        private int size;

        Segment(int slots) {
            this.slots = slots;
            int positions = Integer.highestOneBit(Math.max(2, slots * 2 - 1)) << 1;
            this.mask = positions - 1;
            this.index = new int[slots == 0 ? 0 : positions * 2];
            this.refs = new Object[slots * REFS];
            this.figures = new long[slots * LONGS];
        }

        synchronized int size() {
            return size;
        }

        synchronized UsageRecord find(String requestId) {
            int slot = slotOf(requestId);
            return slot < 0 ? null : rebuild(slot);
        }

        synchronized void remember(UsageRecord record, long atMillis) {
            if (slots == 0) {
                return;
            }
            String requestId = record.requestId();
            if (slotOf(requestId) >= 0) {
                // Only one completion of an id finishes at a time; a second one is a retry that
                // took over from a failure, and the first record stays the answer.
                return;
            }
            if (size == slots) {
                forgetOldest();
            }
            int slot = (oldest + size) % slots;
            size++;
            write(slot, record, atMillis);
            insertIndex(requestId, slot);
        }

        synchronized int forgetBefore(long beforeMillis) {
            int forgotten = 0;
            while (size > 0 && figures[oldest * LONGS + REMEMBERED_AT] < beforeMillis) {
                forgetOldest();
                forgotten++;
            }
            return forgotten;
        }

        synchronized void copyInto(CompletionMemory target) {
            for (int i = 0; i < size; i++) {
                int slot = (oldest + i) % slots;
                target.remember(rebuild(slot), figures[slot * LONGS + REMEMBERED_AT]);
            }
        }

        synchronized List<String> ids() {
            List<String> ids = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                ids.add((String) refs[((oldest + i) % slots) * REFS + ID]);
            }
            return ids;
        }

        private void write(int slot, UsageRecord record, long atMillis) {
            int r = slot * REFS;
            int f = slot * LONGS;
            refs[r + ID] = record.requestId();
            refs[r + REPORT] = record.report();
            List<LedgerEntry> ledger = record.ledger();
            BucketKey[] entryKeys = new BucketKey[ledger.size()];
            Charge charge = record.charge();
            Money cost = charge.cost();
            boolean allCost = cost != null;
            for (int i = 0; i < entryKeys.length; i++) {
                entryKeys[i] = ledger.get(i).bucket();
                Money amount = ledger.get(i).amount();
                allCost &= amount == cost || amount.equals(cost);
            }
            refs[r + KEYS] = entryKeys;
            Money[] each = null;
            if (!allCost && entryKeys.length > 0) {
                each = new Money[entryKeys.length];
                for (int i = 0; i < each.length; i++) {
                    each[i] = ledger.get(i).amount();
                }
            }
            refs[r + AMOUNTS] = each;
            Long nanos = cost == null ? null : nanosOrNull(cost);
            if (nanos == null) {
                refs[r + STATUS_OR_CHARGE] = charge;
                refs[r + CURRENCY] = null;
                refs[r + PRICE_VERSION] = null;
                refs[r + CATALOGUE] = null;
            } else {
                refs[r + STATUS_OR_CHARGE] = charge.status();
                refs[r + CURRENCY] = cost.currency();
                refs[r + PRICE_VERSION] = charge.priceVersion();
                refs[r + CATALOGUE] = charge.catalogue();
                figures[f + COST_NANOS] = nanos;
            }
            figures[f + RECORDED_SECONDS] = record.recordedAt().getEpochSecond();
            figures[f + RECORDED_NANOS] = record.recordedAt().getNano();
            figures[f + REMEMBERED_AT] = atMillis;
        }

        private static Long nanosOrNull(Money cost) {
            try {
                return cost.toNanos();
            } catch (ArithmeticException e) {
                // A cost past a long is kept as the charge itself; it is exact either way.
                return null;
            }
        }

        private UsageRecord rebuild(int slot) {
            int r = slot * REFS;
            int f = slot * LONGS;
            Charge charge = refs[r + STATUS_OR_CHARGE] instanceof Charge kept ? kept
                    : new Charge((PricingStatus) refs[r + STATUS_OR_CHARGE],
                            Money.ofNanos(figures[f + COST_NANOS], (Currency) refs[r + CURRENCY]),
                            (String) refs[r + PRICE_VERSION], (String) refs[r + CATALOGUE]);
            BucketKey[] entryKeys = (BucketKey[]) refs[r + KEYS];
            Money[] each = (Money[]) refs[r + AMOUNTS];
            LedgerEntry[] entries = new LedgerEntry[entryKeys.length];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = new LedgerEntry(entryKeys[i], each == null ? charge.cost() : each[i]);
            }
            return new UsageRecord((UsageReport) refs[r + REPORT], charge,
                    Instant.ofEpochSecond(figures[f + RECORDED_SECONDS], figures[f + RECORDED_NANOS]),
                    List.of(entries));
        }

        private void forgetOldest() {
            int slot = oldest;
            removeIndex((String) refs[slot * REFS + ID]);
            java.util.Arrays.fill(refs, slot * REFS, slot * REFS + REFS, null);
            oldest = (oldest + 1) % slots;
            size--;
        }

        // ---------------------------------------------------------------- the index

        private String idAt(int position) {
            return (String) refs[(index[position * 2 + 1] - 1) * REFS + ID];
        }

        private int slotOf(String requestId) {
            if (slots == 0) {
                return -1;
            }
            int hash = spread(requestId.hashCode());
            for (int pos = hash & mask;; pos = (pos + 1) & mask) {
                int entry = index[pos * 2 + 1];
                if (entry == 0) {
                    return -1;
                }
                // The hash first: a different id is told apart without reading its characters.
                if (index[pos * 2] == hash && idAt(pos).equals(requestId)) {
                    return entry - 1;
                }
            }
        }

        private void insertIndex(String requestId, int slot) {
            int hash = spread(requestId.hashCode());
            int pos = hash & mask;
            while (index[pos * 2 + 1] != 0) {
                pos = (pos + 1) & mask;
            }
            index[pos * 2] = hash;
            index[pos * 2 + 1] = slot + 1;
        }

        /**
         * Removes an id from the index and moves later entries of its probe run back, so that no
         * lookup stops early at the gap (the index is at most half full, so runs are short).
         */
        private void removeIndex(String requestId) {
            int hash = spread(requestId.hashCode());
            int pos = hash & mask;
            while (index[pos * 2] != hash || !idAt(pos).equals(requestId)) {
                pos = (pos + 1) & mask;
            }
            int gap = pos;
            for (int next = (gap + 1) & mask; index[next * 2 + 1] != 0; next = (next + 1) & mask) {
                int home = index[next * 2] & mask;
                // The entry at next may fill the gap unless its home lies in (gap, next], cyclically.
                boolean homeBetween = gap <= next ? gap < home && home <= next : gap < home || home <= next;
                if (!homeBetween) {
                    index[gap * 2] = index[next * 2];
                    index[gap * 2 + 1] = index[next * 2 + 1];
                    gap = next;
                }
            }
            index[gap * 2] = 0;
            index[gap * 2 + 1] = 0;
        }
    }

    /** For tests: the request ids remembered, oldest first within each segment. */
    List<String> ids() {
        List<String> all = new ArrayList<>();
        for (Segment segment : segments) {
            all.addAll(segment.ids());
        }
        return all;
    }
}
