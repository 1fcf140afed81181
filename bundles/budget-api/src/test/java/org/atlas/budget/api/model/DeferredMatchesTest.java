package org.atlas.budget.api.model;

import static org.atlas.budget.api.model.UsageReportTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class DeferredMatchesTest {

    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    private static PolicyMatch match(int i) {
        BucketStatus bucket = new BucketStatus("p" + i, "*", T, null, Money.of("1", "USD"), Money.of("0", "USD"),
                Money.of("10", "USD"), Money.of("10", "USD"));
        return new PolicyMatch(bucket, Outcome.ALLOW, "within p" + i);
    }

    @Test
    public void buildsEveryMatchOnceOnFirstReadAndEqualsTheEagerList() {
        AtomicInteger built = new AtomicInteger();
        DeferredMatches deferred = new DeferredMatches(3, i -> {
            built.incrementAndGet();
            return match(i);
        });
        assertEquals(3, deferred.size());
        assertEquals("size alone builds nothing", 0, built.get());
        assertEquals(List.of(match(0), match(1), match(2)), deferred);
        assertEquals(List.of(match(0), match(1), match(2)).hashCode(), deferred.hashCode());
        assertEquals("p2", deferred.get(2).policyId());
        assertSame(deferred.get(1), deferred.get(1));
        assertEquals("built once, whatever is read after", 3, built.get());
    }

    @Test
    public void isUnmodifiable() {
        DeferredMatches deferred = new DeferredMatches(1, DeferredMatchesTest::match);
        assertThrows(UnsupportedOperationException.class, () -> deferred.add(match(1)));
        assertThrows(UnsupportedOperationException.class, () -> deferred.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> deferred.set(0, match(1)));
    }

    @Test
    public void aDecisionKeepsItUnbuiltAndCopiesAnyOtherList() {
        AtomicInteger built = new AtomicInteger();
        DeferredMatches deferred = new DeferredMatches(2, i -> {
            built.incrementAndGet();
            return match(i);
        });
        Decision decision = new Decision(Outcome.ALLOW, null, deferred, null, null, List.of("within"));
        assertSame(deferred, decision.matches());
        assertEquals(0, built.get());
        assertEquals(new Decision(Outcome.ALLOW, null, List.of(match(0), match(1)), null, null, List.of("within")),
                decision);

        List<PolicyMatch> mutable = new ArrayList<>(List.of(match(0)));
        Decision copied = new Decision(Outcome.ALLOW, null, mutable, null, null, List.of("within"));
        mutable.clear();
        assertEquals(1, copied.matches().size());
    }

    @Test
    public void badArgumentsAndANullMatchAreNamed() {
        assertMessage("size must not be negative", () -> new DeferredMatches(-1, DeferredMatchesTest::match));
        assertMessage("match is required", () -> new DeferredMatches(1, null));
        DeferredMatches broken = new DeferredMatches(2, i -> i == 1 ? null : match(i));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.get(0));
        assertEquals("match 1 of 2 is null", e.getMessage());
    }

    @Test
    public void threadsReadingItFirstTogetherSeeTheSameMatches() throws Exception {
        for (int round = 0; round < 200; round++) {
            DeferredMatches deferred = new DeferredMatches(8, DeferredMatchesTest::match);
            CountDownLatch start = new CountDownLatch(1);
            List<List<PolicyMatch>> seen = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    List<PolicyMatch> copy = List.copyOf(deferred);
                    synchronized (seen) {
                        seen.add(copy);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            for (List<PolicyMatch> copy : seen) {
                assertEquals(deferred, copy);
            }
            assertEquals(4, seen.size());
        }
    }
}
