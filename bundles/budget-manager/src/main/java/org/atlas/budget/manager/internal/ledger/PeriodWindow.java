package org.atlas.budget.manager.internal.ledger;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.atlas.budget.api.model.BudgetPolicy;

/**
 * The period of a policy that holds an instant: its start and its end (the next reset, or
 * {@code null}). Computing calendar periods in a time zone is costly next to the rest of an
 * admission, so the current window of each policy is cached and reused while the instant falls
 * inside it.
 */
public record PeriodWindow(Instant start, Instant end) {

    public boolean contains(Instant at) {
        return !at.isBefore(start) && (end == null || at.isBefore(end));
    }

    /** Caches the current window per policy; safe for concurrent use. */
    public static final class Cache {
        private final ConcurrentHashMap<String, CachedWindow> windows = new ConcurrentHashMap<>();

        private record CachedWindow(BudgetPolicy policy, PeriodWindow window) {
        }

        public PeriodWindow of(BudgetPolicy policy, Instant at) {
            if (policy.period().kind().isRolling()) {
                return new PeriodWindow(policy.period().start(at), null);
            }
            CachedWindow cached = windows.get(policy.id());
            // The policy object is compared too: an edited policy may have another period.
            if (cached != null && cached.policy == policy && cached.window.contains(at)) {
                return cached.window;
            }
            PeriodWindow window = new PeriodWindow(policy.period().start(at), policy.period().end(at));
            windows.put(policy.id(), new CachedWindow(policy, window));
            return window;
        }
    }
}
