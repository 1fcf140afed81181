package org.atlas.budget.manager.internal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * The completions of request ids: those running now (and failed ones a retry resumes from), and
 * the finished ones remembered to answer a duplicate with an equal record, oldest forgotten
 * first, at most about {@code capacity} of them.
 *
 * <p>Why not a map of records: at a few hundred thousand completions a second the memory turns
 * over every second or so, so every young collection finds most of it alive and copies it. A map
 * entry with its record was about ten objects and 520 bytes. Here a finished entry is a slot in
 * two arrays allocated once: the caller's request id and report, one array of bucket keys, and
 * the charge as plain figures (the cost in nano-units, which is exact: charges are rounded to
 * {@link Money#SCALE} places). What a young collection copies per entry is the caller's own
 * objects and that array.
 *
 * <p>The memory is split into segments by request id, each under its own lock, so that
 * concurrent completions rarely wait for each other. A segment holds a ring of slots with a
 * small open-addressing index (linear probing, deletion by backward shift) and a map of the
 * completions in flight. Claiming an id, and finishing it (remembered, and out of flight), are
 * each one step under the segment's lock, so a duplicate always finds the running completion or
 * its record.
 */
final class CompletionMemory {

    private static final int SEGMENTS = 16;

    private final Segment[] segments = new Segment[SEGMENTS];
    private volatile int capacity;

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

    /**
     * Claims {@code mine}'s request id unless it is taken: returns the remembered record of a
     * finished completion, the {@link Completion} in flight (running, or failed), or {@code null}
     * when {@code mine} now runs it.
     */
    Object claim(Completion mine) {
        return segment(mine.requestId).claim(mine);
    }

    /** Lets {@code mine} take over from a failed completion; false if another did first. */
    boolean takeOver(Completion failed, Completion mine) {
        return segment(mine.requestId).takeOver(failed, mine);
    }

    /** Remembers a finished completion's record and takes it out of flight, in one step. */
    void finish(Completion completion, UsageRecord record, long atMillis) {
        segment(completion.requestId).finish(completion, record, atMillis);
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

    /** The failed completions in flight, which a retry would resume from. */
    List<Completion> failed() {
        List<Completion> failed = new ArrayList<>();
        for (Segment segment : segments) {
            segment.addFailed(failed);
        }
        return failed;
    }

    /** Forgets a failed completion unless a retry took over from it. */
    void forgetFailed(Completion failed) {
        segment(failed.requestId).forgetFailed(failed);
    }

    int size() {
        int size = 0;
        for (Segment segment : segments) {
            size += segment.size();
        }
        return size;
    }

    /**
     * Changes the capacity, keeping the newest completions of each segment; each segment changes
     * in one step under its lock, so nothing in flight or finishing meanwhile is lost.
     */
    void resize(int newCapacity) {
        int rounded = rounded(newCapacity);
        for (Segment segment : segments) {
            segment.resize(rounded / SEGMENTS);
        }
        capacity = rounded;
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
        /**
         * The spread hash of each slot's id, so that forgetting the oldest finds its index
         * position without reading the id: that string is long out of the cache by then, and
         * reading it and its characters was most of what forgetting cost.
         */
        private int[] hashes;

        private int slots;
        private int mask;
        /** Pairs of (spread hash of the id, slot + 1); a slot of 0 is an empty position. */
        private int[] index;
        private Object[] refs;
        private long[] figures;
        private final HashMap<String, Completion> inFlight = new HashMap<>();
        /** The oldest slot, and how many are in use after it (wrapping). */
        private int oldest;
        private int size;
        /**
         * How many a full ring forgets at once to make room (see {@link #forgetOldest(int)}): a
         * sixty-fourth of its slots, at most 64, so the ring stays over 98 % full.
         */
        private int forgetBatch;
        /** Only written, so that the reads of {@link #forgetOldest(int)} are not left out. */
        @SuppressWarnings("unused")
        private int touched;

        Segment(int slots) {
            allocate(slots);
        }

        private void allocate(int newSlots) {
            slots = newSlots;
            forgetBatch = Math.max(1, Math.min(64, newSlots / 64));
            int positions = Integer.highestOneBit(Math.max(2, newSlots * 2 - 1)) << 1;
            mask = positions - 1;
            index = new int[newSlots == 0 ? 0 : positions * 2];
            refs = new Object[newSlots * REFS];
            figures = new long[newSlots * LONGS];
            hashes = new int[newSlots];
        }

        synchronized Object claim(Completion mine) {
            int slot = slotOf(mine.requestId);
            if (slot >= 0) {
                return rebuild(slot);
            }
            return inFlight.putIfAbsent(mine.requestId, mine);
        }

        synchronized boolean takeOver(Completion failed, Completion mine) {
            return inFlight.replace(mine.requestId, failed, mine);
        }

        synchronized void finish(Completion completion, UsageRecord record, long atMillis) {
            remember(record, atMillis);
            inFlight.remove(completion.requestId, completion);
        }

        synchronized void addFailed(List<Completion> failed) {
            for (Completion completion : inFlight.values()) {
                if (completion.failed()) {
                    failed.add(completion);
                }
            }
        }

        synchronized void forgetFailed(Completion failed) {
            inFlight.remove(failed.requestId, failed);
        }

        synchronized void resize(int newSlots) {
            if (newSlots == slots) {
                return;
            }
            int oldSlots = slots;
            int oldOldest = oldest;
            int oldSize = size;
            Object[] oldRefs = refs;
            long[] oldFigures = figures;
            allocate(newSlots);
            oldest = 0;
            size = 0;
            if (newSlots == 0) {
                return;
            }
            // The newest that fit, oldest first, so that the ring keeps its order.
            for (int i = Math.max(0, oldSize - newSlots); i < oldSize; i++) {
                int from = (oldOldest + i) % oldSlots;
                int to = size++;
                System.arraycopy(oldRefs, from * REFS, refs, to * REFS, REFS);
                System.arraycopy(oldFigures, from * LONGS, figures, to * LONGS, LONGS);
                insertIndex(spread(refs[to * REFS + ID].hashCode()), to);
            }
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
                forgetOldest(Math.min(size, forgetBatch));
            }
            int slot = (oldest + size) % slots;
            size++;
            write(slot, record, atMillis);
            insertIndex(spread(requestId.hashCode()), slot);
        }

        synchronized int forgetBefore(long beforeMillis) {
            int forgotten = 0;
            while (size > 0 && figures[oldest * LONGS + REMEMBERED_AT] < beforeMillis) {
                forgetOldest();
                forgotten++;
            }
            return forgotten;
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
            if (cost == null || !fitsNanos(cost)) {
                refs[r + STATUS_OR_CHARGE] = charge;
                refs[r + CURRENCY] = null;
                refs[r + PRICE_VERSION] = null;
                refs[r + CATALOGUE] = null;
            } else {
                refs[r + STATUS_OR_CHARGE] = charge.status();
                refs[r + CURRENCY] = cost.currency();
                refs[r + PRICE_VERSION] = charge.priceVersion();
                refs[r + CATALOGUE] = charge.catalogue();
                figures[f + COST_NANOS] = cost.toNanos();
            }
            figures[f + RECORDED_SECONDS] = record.recordedAt().getEpochSecond();
            figures[f + RECORDED_NANOS] = record.recordedAt().getNano();
            figures[f + REMEMBERED_AT] = atMillis;
        }

        /**
         * Whether a cost surely is a long of nano-units: 18 digits at scale 9 are below a billion,
         * far below a long's 9.2 billion. (A larger cost is kept as its charge; exact either way.)
         */
        private static boolean fitsNanos(Money cost) {
            return cost.amount().precision() <= 18;
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

        /**
         * Forgets the {@code count} oldest. Each one's index position is a random line of an
         * array of megabytes, seldom still in the cache: read one by one, as each insertion into a
         * full ring used to, every read waits for memory in turn. Read first for the whole batch,
         * in a loop of independent reads, they wait for memory together, and the removals after
         * find their lines in the cache.
         */
        private void forgetOldest(int count) {
            int touched = 0;
            for (int i = 0, slot = oldest; i < count; i++, slot = slot + 1 == slots ? 0 : slot + 1) {
                touched += index[(hashes[slot] & mask) * 2 + 1];
            }
            this.touched = touched;
            for (int i = 0; i < count; i++) {
                forgetOldest();
            }
        }

        private void forgetOldest() {
            int slot = oldest;
            removeIndex(slot);
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

        private void insertIndex(int hash, int slot) {
            hashes[slot] = hash;
            int pos = hash & mask;
            while (index[pos * 2 + 1] != 0) {
                pos = (pos + 1) & mask;
            }
            index[pos * 2] = hash;
            index[pos * 2 + 1] = slot + 1;
        }

        /**
         * Removes a slot's id from the index and moves later entries of its probe run back, so that no
         * lookup stops early at the gap (the index is at most half full, so runs are short).
         */
        private void removeIndex(int slot) {
            int pos = hashes[slot] & mask;
            // Each slot is in the index once: its position is the one naming the slot.
            while (index[pos * 2 + 1] != slot + 1) {
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
