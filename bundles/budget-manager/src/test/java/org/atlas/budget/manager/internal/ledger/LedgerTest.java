package org.atlas.budget.manager.internal.ledger;

import static org.atlas.budget.manager.testing.Policies.policy;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.manager.internal.policy.IndexedPolicy;
import org.junit.Test;

/** The ledger's buckets: lock ordering, duplicates, new periods and rollover carry. */
public class LedgerTest {

    static final Instant NOV_10 = Instant.parse("2026-11-10T12:00:00Z");
    static final long USD = 1_000_000_000L; // nano-units per dollar

    final Ledger ledger = new Ledger();

    Bucket bucket(BudgetPolicy policy, String value, Instant at) {
        return ledger.bucket(policy, value, at, new PeriodWindow(policy.period().start(at), policy.period().end(at)));
    }

    List<Bucket> someBuckets(int count) {
        BudgetPolicy perUser = policy("per-user").scope(Scope.USER, "*").build();
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            buckets.add(bucket(perUser, "user-" + i, NOV_10));
        }
        return buckets;
    }

    static void assertUnlocked(Bucket... buckets) {
        for (Bucket b : buckets) {
            assertFalse(b.key() + " is unlocked", b.isLocked());
        }
    }

    // ------------------------------------------------------------------ buckets

    @Test
    public void theSameKeyIsTheSameBucketAndANewPeriodIsANewOne() {
        BudgetPolicy daily = policy("daily").period(PeriodKind.DAILY).build();
        Bucket morning = bucket(daily, "*", Instant.parse("2026-11-10T08:00:00Z"));
        Bucket evening = bucket(daily, "*", Instant.parse("2026-11-10T23:59:59Z"));
        Bucket tomorrow = bucket(daily, "*", Instant.parse("2026-11-11T00:00:00Z"));
        assertSame(morning, evening);
        assertNotSame(morning, tomorrow);
        assertEquals(new BucketKey("daily", "*", Instant.parse("2026-11-11T00:00:00Z")), tomorrow.key());
        assertEquals(2, ledger.bucketsOf("daily").size());
        ledger.forget("daily");
        assertEquals(0, ledger.bucketsOf("daily").size());
    }

    @Test
    public void thePolicysCacheOfItsCurrentPeriodFindsTheLedgersOwnBuckets() {
        BudgetPolicy daily = policy("daily").period(PeriodKind.DAILY).build();
        BudgetPolicy perUser = policy("per-user").scope(Scope.USER, "*").period(PeriodKind.DAILY).build();
        IndexedPolicy dailyIndexed = new IndexedPolicy(daily);
        IndexedPolicy perUserIndexed = new IndexedPolicy(perUser);
        Instant morning = Instant.parse("2026-11-10T08:00:00Z");
        Instant evening = Instant.parse("2026-11-10T23:59:59Z");
        Instant tomorrow = Instant.parse("2026-11-11T00:00:00Z");

        Ledger.Current today = ledger.current(dailyIndexed, morning);
        assertEquals(new PeriodWindow(Instant.parse("2026-11-10T00:00:00Z"), tomorrow), today.window(morning));
        Bucket single = today.bucket("*", morning, today.window(morning));
        assertSame(bucket(daily, "*", evening), single);
        assertSame(today, ledger.current(dailyIndexed, evening));
        assertSame(single, ledger.current(dailyIndexed, evening).bucket("*", evening, today.window(evening)));

        Ledger.Current users = ledger.current(perUserIndexed, morning);
        Bucket alice = users.bucket("alice", morning, users.window(morning));
        Bucket bob = users.bucket("bob", morning, users.window(morning));
        assertNotSame(alice, bob);
        assertSame(alice, users.bucket("alice", evening, users.window(evening)));
        assertSame(bucket(perUser, "bob", morning), bob);

        // A new period: a new cache, and the ledger's new buckets.
        Ledger.Current next = ledger.current(dailyIndexed, tomorrow);
        assertNotSame(today, next);
        Bucket nextSingle = next.bucket("*", tomorrow, next.window(tomorrow));
        assertNotSame(single, nextSingle);
        assertSame(bucket(daily, "*", tomorrow), nextSingle);

        // Another ledger given the same index entry has buckets of its own.
        Ledger other = new Ledger();
        Ledger.Current elsewhere = other.current(dailyIndexed, tomorrow);
        assertNotSame(nextSingle, elsewhere.bucket("*", tomorrow, elsewhere.window(tomorrow)));
    }

    @Test
    public void aRollingWindowKeepsOneBucketForever() {
        BudgetPolicy rolling = policy("rolling").period(PeriodKind.ROLLING_24H).build();
        Bucket first = bucket(rolling, "*", NOV_10);
        assertSame(first, bucket(rolling, "*", NOV_10.plusSeconds(86_400 * 40)));
        assertEquals(Instant.EPOCH, first.key().periodStart());
    }

    // ------------------------------------------------------------------ locking

    @Test
    public void lockAllLocksEveryBucketOnceAndCloseUnlocksThem() {
        List<Bucket> b = someBuckets(3);
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {b.get(2), b.get(0), b.get(1)})) {
            for (Bucket bucket : b) {
                assertTrue(bucket.isHeldByCurrentThread());
            }
        }
        assertUnlocked(b.toArray(new Bucket[0]));
    }

    @Test
    public void aBucketNamedSeveralTimesIsLockedOnceAndUnlockedCleanly() {
        List<Bucket> b = someBuckets(3);
        Bucket[] targets = {b.get(1), b.get(0), b.get(1), b.get(2), b.get(1), b.get(0)};
        try (Ledger.Locked locked = Ledger.lockAll(targets)) {
            for (Bucket bucket : b) {
                assertTrue(bucket.key() + " locked", bucket.isHeldByCurrentThread());
            }
        }
        assertUnlocked(b.toArray(new Bucket[0]));
        // Only duplicates
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {b.get(2), b.get(2)})) {
            assertTrue(b.get(2).isHeldByCurrentThread());
        }
        assertUnlocked(b.get(2));
        // Nothing at all
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[0])) {
            assertUnlocked(b.toArray(new Bucket[0]));
        }
        // The caller's array is left as it was.
        assertSame(b.get(1), targets[0]);
        assertSame(b.get(0), targets[5]);
    }

    @Test
    public void singleBudgetPoliciesShareOneLockThatIsTakenOnceAndLast() {
        BudgetPolicy global = policy("global").build();
        BudgetPolicy openai = policy("openai").scope(Scope.PROVIDER, "openai").build();
        Bucket g = bucket(global, "*", NOV_10);
        Bucket o = bucket(openai, "openai", NOV_10);
        List<Bucket> users = someBuckets(2);
        assertSame(g.lock, o.lock);
        assertNotSame(users.get(0).lock, users.get(1).lock);
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {g, users.get(0), o, users.get(1)})) {
            for (Bucket bucket : List.of(g, o, users.get(0), users.get(1))) {
                assertTrue(bucket.isHeldByCurrentThread());
            }
        }
        assertUnlocked(g, o, users.get(0), users.get(1));
    }

    @Test
    public void aClosedGuardLocksTheSameBucketsAgainAndReleasesWhatItTookWhenOneLockFails() throws Exception {
        BudgetPolicy global = policy("global").build();
        Bucket g = bucket(global, "*", NOV_10);
        List<Bucket> users = someBuckets(3);
        Bucket[] targets = {users.get(0), g, users.get(2), users.get(0), users.get(1)};
        Ledger.Locked locked = Ledger.lockAll(targets);
        locked.close();
        assertUnlocked(g, users.get(0), users.get(1), users.get(2));
        // Again, as a settlement does, from another thread than the one that locked first.
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertTrue(other.submit(() -> {
                try (Ledger.Locked again = locked.lockAgain()) {
                    return g.isHeldByCurrentThread() && users.stream().allMatch(Bucket::isHeldByCurrentThread);
                }
            }).get(10, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
        assertUnlocked(g, users.get(0), users.get(1), users.get(2));
        // One of its locks is held by this thread already: that fails, and nothing stays locked
        // of what it took before (the order is newest first, so user 2, then 1 ... global last).
        users.get(0).lock.lock();
        try {
            assertThrows(IllegalStateException.class, locked::lockAgain);
            assertUnlocked(g, users.get(1), users.get(2));
            assertTrue(users.get(0).isHeldByCurrentThread());
        } finally {
            users.get(0).lock.unlock();
        }
        assertUnlocked(g, users.get(0), users.get(1), users.get(2));
    }

    @Test
    public void lockingABucketTwiceFailsInsteadOfWaitingForever() {
        Bucket bucket = someBuckets(1).get(0);
        bucket.lock.lock();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, bucket.lock::lock);
            assertTrue(e.getMessage(), e.getMessage().contains("holds the lock of bucket") && e.getMessage().endsWith("already"));
            assertTrue(bucket.isHeldByCurrentThread());
        } finally {
            bucket.lock.unlock();
        }
        assertUnlocked(bucket);
    }

    @Test
    public void anotherThreadCanLockBucketsOnceTheyAreReleased() throws Exception {
        List<Bucket> b = someBuckets(2);
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {b.get(0), b.get(1), b.get(0)})) {
            assertTrue(b.get(0).isHeldByCurrentThread());
        }
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> got = other.submit(() -> {
                boolean first = b.get(0).lock.tryLock(TimeUnit.SECONDS.toNanos(5));
                boolean second = b.get(1).lock.tryLock(TimeUnit.SECONDS.toNanos(5));
                if (first) {
                    b.get(0).lock.unlock();
                }
                if (second) {
                    b.get(1).lock.unlock();
                }
                return first && second;
            });
            assertTrue(got.get(10, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    /**
     * Two threads repeatedly lock overlapping sets of buckets named in opposite orders (and with
     * duplicates). Without a global lock order this deadlocks within a few iterations; with it,
     * both finish, and the unsynchronised counters they bump under the locks stay exact.
     */
    @Test(timeout = 60_000)
    public void lockAllInOppositeOrdersNeverDeadlocks() throws Exception {
        List<Bucket> b = someBuckets(4);
        Bucket[] forward = {b.get(0), b.get(1), b.get(2), b.get(3)};
        Bucket[] backward = {b.get(3), b.get(2), b.get(1), b.get(1), b.get(0)};
        Bucket[] middle = {b.get(2), b.get(1)};
        int iterations = 200_000;
        long[] counters = new long[4]; // guarded by the buckets' locks
        CyclicBarrier start = new CyclicBarrier(3);
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "lock-order");
            t.setDaemon(true); // a deadlocked thread must not keep the test JVM alive
            return t;
        });
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Bucket[] order : List.of(forward, backward, middle)) {
                runs.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < iterations; i++) {
                        try (Ledger.Locked locked = Ledger.lockAll(order)) {
                            for (Bucket bucket : order) {
                                int index = b.indexOf(bucket);
                                counters[index]++;
                            }
                        }
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            for (Future<?> run : runs) {
                try {
                    run.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    fail("lockAll deadlocked:\n" + lockOrderThreads());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // Bucket 1 is named twice in the backward order and counted twice per pass there.
        long n = iterations;
        assertEquals(2 * n, counters[0]);
        assertEquals(n + 2 * n + n, counters[1]);
        assertEquals(3 * n, counters[2]);
        assertEquals(2 * n, counters[3]);
        assertUnlocked(forward);
    }

    static String lockOrderThreads() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, false)) {
            if (info.getThreadName().startsWith("lock-order")) {
                dump.append(info);
            }
        }
        return dump.toString();
    }

    // ------------------------------------------------------------------ rollover

    @Test
    public void rolloverCarriesWhatThePreviousMonthLeftUnusedWithItsOpenHoldsCountedAsUsed() {
        // Months in New York: November starts 2026-11-01T04:00Z (EDT), December 2026-12-01T05:00Z (EST).
        BudgetPolicy p = policy("ro").limit("10").rollover(100)
                .period(Period.of(PeriodKind.MONTHLY, ZoneId.of("America/New_York"))).build();
        Bucket november = bucket(p, "*", NOV_10);
        assertEquals(Instant.parse("2026-11-01T04:00:00Z"), november.key().periodStart());
        assertEquals(0, november.carriedIn());
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {november})) {
            Ledger.hold(november, 3 * USD);
            Ledger.settle(november, 3 * USD, 3 * USD, NOV_10); // $3 spent
            Ledger.hold(november, 2 * USD); // a call still in flight at the end of the month
        }
        // 2026-12-01T04:30Z is still 23:30 on 30 November in New York: the same bucket.
        assertSame(november, bucket(p, "*", Instant.parse("2026-12-01T04:30:00Z")));

        Bucket december = bucket(p, "*", Instant.parse("2026-12-01T05:00:00Z"));
        assertEquals(Instant.parse("2026-12-01T05:00:00Z"), december.key().periodStart());
        // The in-flight hold may still be charged in November: it is not carried.
        assertEquals(10 * USD - 3 * USD - 2 * USD, december.carriedIn());

        // The November call settles below its hold after December began: the carry stays fixed.
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {november})) {
            Ledger.settle(november, 2 * USD, USD / 2, Instant.parse("2026-12-01T05:01:00Z"));
            assertEquals(3 * USD + USD / 2, november.committed(NOV_10));
            assertEquals(0, november.held());
        }
        assertSame(december, bucket(p, "*", Instant.parse("2026-12-15T00:00:00Z")));
        assertEquals(5 * USD, december.carriedIn());
    }

    @Test
    public void rolloverIsCappedAndNeverCompounds() {
        BudgetPolicy p = policy("cap").limit("10").rollover(40).build(); // at most $4 carries
        Bucket november = bucket(p, "*", NOV_10);
        Bucket december = bucket(p, "*", Instant.parse("2026-12-02T00:00:00Z"));
        assertEquals("nothing spent in November, but the carry is capped", 4 * USD, december.carriedIn());
        // December's effective limit is $14 and nothing is spent: still only $4 carries into January.
        Bucket january = bucket(p, "*", Instant.parse("2027-01-02T00:00:00Z"));
        assertEquals(4 * USD, january.carriedIn());
        assertEquals(0, november.carriedIn());
    }

    @Test
    public void anOverspentMonthCarriesNothing() {
        BudgetPolicy p = policy("over").limit("1").rollover(100).build();
        Bucket november = bucket(p, "*", NOV_10);
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {november})) {
            Ledger.settle(november, 0, 2 * USD, NOV_10); // charged without a hold, past the limit
        }
        assertEquals(0, bucket(p, "*", Instant.parse("2026-12-02T00:00:00Z")).carriedIn());
    }

    @Test
    public void rolloverIsPerScopeValueAndOffUnlessEnabled() {
        BudgetPolicy perUser = policy("per-user-ro").scope(Scope.USER, "*").limit("10").rollover(100).build();
        Bucket alice = bucket(perUser, "alice", NOV_10);
        bucket(perUser, "bob", NOV_10);
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {alice})) {
            Ledger.settle(alice, 0, 9 * USD, NOV_10);
        }
        Instant december = Instant.parse("2026-12-02T00:00:00Z");
        assertEquals(USD, bucket(perUser, "alice", december).carriedIn());
        assertEquals(10 * USD, bucket(perUser, "bob", december).carriedIn());
        assertEquals("no November bucket, nothing to carry", 0, bucket(perUser, "carol", december).carriedIn());

        BudgetPolicy plain = policy("plain").limit("10").build();
        bucket(plain, "*", NOV_10);
        assertEquals(0, bucket(plain, "*", december).carriedIn());
    }

    @Test
    public void releasingMoreThanIsHeldIsRefused() {
        Bucket b = someBuckets(1).get(0);
        try (Ledger.Locked locked = Ledger.lockAll(new Bucket[] {b})) {
            Ledger.hold(b, 5);
            Ledger.release(b, 5);
            try {
                Ledger.release(b, 1);
                fail("released what was never held");
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("would release 1 but holds 0"));
            }
            assertEquals("a refused release changes nothing", 0, b.held());
        }
        assertUnlocked(b);
    }
}
