package org.atlas.budget.manager.internal.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Hold;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.spi.BudgetStore;
import org.atlas.budget.manager.internal.core.Enforcer;

/**
 * Rebuilds the in-memory ledger from the store at start, so the current period's spend is exact
 * after a restart: committed spend from the store's ledger totals (a summary kept in the
 * records' transaction, never a scan of the log), and the open holds of calls that may still be
 * in flight. Runs before admissions are served.
 *
 * <p>Which buckets are read per policy: calendar periods from the current period (with rollover
 * from two periods back, so the carry into the current one is computed from real spend; the
 * oldest of them carries nothing in, which can only make the carry smaller), rolling windows from
 * the slots still inside the window, lifetime and custom periods from their start.
 */
public final class LedgerRestore {

    /** What a restore did. */
    public record Outcome(int buckets, int skippedEntries, int holds, int endedHolds) {
    }

    private LedgerRestore() {
    }

    public static Outcome restore(BudgetStore store, Enforcer enforcer, Instant now) {
        Map<String, BudgetPolicy> policies = new HashMap<>();
        for (BudgetPolicy policy : enforcer.policies().policies()) {
            policies.put(policy.id(), policy);
        }
        Instant from = now;
        Map<String, Instant> fromByPolicy = new HashMap<>();
        for (BudgetPolicy policy : policies.values()) {
            Instant start = firstNeeded(policy, now);
            fromByPolicy.put(policy.id(), start);
            if (start.isBefore(from)) {
                from = start;
            }
        }
        int restored = 0;
        int skipped = 0;
        if (!policies.isEmpty()) {
            List<LedgerEntry> totals = new ArrayList<>(store.ledgerTotals(from));
            // Older periods first: a rollover carry is computed from its predecessor when a bucket is made.
            totals.sort(Comparator.comparing(e -> e.bucket().periodStart()));
            for (LedgerEntry entry : totals) {
                BudgetPolicy policy = policies.get(entry.bucket().policyId());
                if (policy == null || entry.bucket().periodStart().isBefore(fromByPolicy.get(policy.id()))) {
                    continue;
                }
                if (!policy.limit().currency().equals(entry.amount().currency())
                        || !enforcer.restoreCommitted(policy, entry)) {
                    skipped++;
                    continue;
                }
                restored++;
            }
        }
        int held = 0;
        List<String> ended = new ArrayList<>();
        for (Hold hold : store.openHolds()) {
            // Expired, or settled with only its end unwritten: the record is the truth.
            if (!hold.expiresAt().isAfter(now) || store.findUsage(hold.requestId()).isPresent()
                    || !enforcer.restoreHold(hold, policies)) {
                ended.add(hold.admissionId());
            } else {
                held++;
            }
        }
        store.endHolds(ended);
        return new Outcome(restored, skipped, held, ended.size());
    }

    /**
     * Rebuilds the buckets of one policy that came into force after the first restore (a policy
     * file read later than the store arrived). Returns the bucket totals restored.
     */
    public static int restorePolicy(BudgetStore store, Enforcer enforcer, BudgetPolicy policy, Instant now) {
        Instant from = firstNeeded(policy, now);
        List<LedgerEntry> totals = new ArrayList<>();
        for (LedgerEntry entry : store.ledgerTotals(from)) {
            if (entry.bucket().policyId().equals(policy.id())
                    && policy.limit().currency().equals(entry.amount().currency())) {
                totals.add(entry);
            }
        }
        totals.sort(Comparator.comparing(e -> e.bucket().periodStart()));
        int restored = 0;
        for (LedgerEntry entry : totals) {
            if (enforcer.restoreCommitted(policy, entry)) {
                restored++;
            }
        }
        return restored;
    }

    /**
     * A store that comes back while the manager kept running: the in-memory ledger is the truth,
     * so the store's open holds are made exactly those in memory.
     */
    public static void resync(BudgetStore store, Enforcer enforcer) {
        List<Hold> inMemory = enforcer.holds();
        store.saveHolds(inMemory);
        Set<String> ids = new HashSet<>();
        for (Hold hold : inMemory) {
            ids.add(hold.admissionId());
        }
        List<String> stale = new ArrayList<>();
        for (Hold hold : store.openHolds()) {
            if (!ids.contains(hold.admissionId())) {
                stale.add(hold.admissionId());
            }
        }
        store.endHolds(stale);
    }

    static Instant firstNeeded(BudgetPolicy policy, Instant now) {
        Period period = policy.period();
        return switch (period.kind()) {
            case LIFETIME -> Instant.EPOCH;
            case CUSTOM -> period.customStart();
            case ROLLING_24H, ROLLING_7D, ROLLING_30D -> {
                Duration window = period.kind().window();
                // One slot more than the window: slots leave the window whole (see RollingSlots).
                yield now.minus(window).minus(window.dividedBy(144));
            }
            default -> {
                Instant start = period.start(now);
                if (policy.rollover().enabled()) {
                    start = period.start(period.start(start.minusNanos(1)).minusNanos(1));
                }
                yield start;
            }
        };
    }
}
