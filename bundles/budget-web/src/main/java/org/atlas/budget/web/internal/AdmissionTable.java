package org.atlas.budget.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.atlas.budget.api.model.Admission;

/**
 * The admissions handed out by {@code POST /check}, by admission id, so that
 * {@code /admissions/{id}/complete|abort} can give the interceptor the {@link Admission} it
 * expects. Bounded, and each entry is forgotten once its hold has expired (the interceptor has
 * released it by then); a completion of a forgotten id is still recorded by its request id.
 * Entries stay after they end, so a retried completion gets the same, idempotent answer; when
 * the table is full, ended entries are forgotten first, so only admissions still open can fill it.
 */
final class AdmissionTable {

    private static final class Entry {
        final Admission admission;
        final Instant forgetAt;
        volatile boolean ended;

        Entry(Admission admission, Instant forgetAt) {
            this.admission = admission;
            this.forgetAt = forgetAt;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration unheldMemory;
    private final Clock clock;

    /**
     * @param capacity     the most admissions remembered at once
     * @param unheldMemory how long an admission that holds nothing (no policy matched) is remembered
     */
    AdmissionTable(int capacity, Duration unheldMemory, Clock clock) {
        this.capacity = capacity;
        this.unheldMemory = unheldMemory;
        this.clock = clock;
    }

    /** @return false when the table is full of admissions that have not expired */
    boolean remember(Admission admission) {
        if (admission.admissionId() == null) {
            return true;
        }
        Instant now = clock.instant();
        if (entries.size() >= capacity) {
            forgetExpired(now);
            if (entries.size() >= capacity) {
                entries.values().removeIf(entry -> entry.ended);
            }
            if (entries.size() >= capacity) {
                return false;
            }
        }
        Instant forgetAt = admission.expiresAt() != null ? admission.expiresAt() : now.plus(unheldMemory);
        entries.put(admission.admissionId(), new Entry(admission, forgetAt));
        return true;
    }

    /** The admission, or {@code null} when unknown or expired. */
    Admission find(String admissionId) {
        Entry entry = entries.get(admissionId);
        if (entry == null) {
            return null;
        }
        if (!entry.forgetAt.isAfter(clock.instant())) {
            entries.remove(admissionId, entry);
            return null;
        }
        return entry.admission;
    }

    /** The admission was completed or aborted: its entry may make room for open ones. */
    void ended(String admissionId) {
        Entry entry = entries.get(admissionId);
        if (entry != null) {
            entry.ended = true;
        }
    }

    int size() {
        return entries.size();
    }

    void forgetExpired(Instant now) {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            if (!it.next().getValue().forgetAt.isAfter(now)) {
                it.remove();
            }
        }
    }
}
