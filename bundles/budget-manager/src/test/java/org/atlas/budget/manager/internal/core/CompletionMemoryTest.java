package org.atlas.budget.manager.internal.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.junit.Test;

public class CompletionMemoryTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:15:30.123456789Z");
    private static final BucketKey GLOBAL = new BucketKey("global", "*", Instant.parse("2026-12-01T00:00:00Z"));
    private static final BucketKey ALICE = new BucketKey("per-user", "alice", Instant.parse("2026-12-01T00:00:00Z"));

    private static UsageRecord record(String requestId, Charge charge, List<LedgerEntry> ledger) {
        UsageReport report = new UsageReport(requestId, "openai", "gpt-4o", Operation.CHAT, T0, true,
                Dimensions.ofUser("alice"), Usage.builder().inputTokens(1000).outputTokens(320).build());
        return new UsageRecord(report, charge, T0.plusNanos(7), ledger);
    }

    private static UsageRecord priced(String requestId) {
        Money cost = Money.of("0.0057", "USD");
        return record(requestId, new Charge(PricingStatus.PRICED, cost, "openai/gpt-4o@2026-11", "atlas-list"),
                List.of(new LedgerEntry(GLOBAL, cost), new LedgerEntry(ALICE, cost)));
    }

    @Test
    public void aRememberedRecordComesBackEqualButRebuilt() {
        CompletionMemory memory = new CompletionMemory(1000);
        UsageRecord original = priced("r-1");
        memory.remember(original, 1);
        UsageRecord found = memory.find("r-1");
        assertEquals(original, found);
        assertNotSame(original, found);
        assertNull(memory.find("r-2"));
    }

    @Test
    public void unusualChargesAndAmountsAreKeptExactly() {
        CompletionMemory memory = new CompletionMemory(1000);
        // Ledger entries in another currency than the charge, an unpriced charge, a cost past a long.
        Money usd = Money.of("0.0057", "USD");
        Money eur = Money.of("0.0052", "EUR");
        UsageRecord mixed = record("mixed", new Charge(PricingStatus.PRICED, usd, "v1", "atlas-list"),
                List.of(new LedgerEntry(GLOBAL, usd), new LedgerEntry(ALICE, eur)));
        UsageRecord unpriced = record("unpriced", Charge.unpriced(), List.of(new LedgerEntry(GLOBAL, Money.zero(
                java.util.Currency.getInstance("USD")))));
        Money huge = Money.of(new BigDecimal("98765432109876.123456789"), java.util.Currency.getInstance("USD"));
        UsageRecord enormous = record("enormous", new Charge(PricingStatus.FALLBACK, huge, "fallback:p", "policy:p"),
                List.of(new LedgerEntry(GLOBAL, huge)));
        UsageRecord none = record("none", new Charge(PricingStatus.PRICED, usd, "v1", "atlas-list"), List.of());
        for (UsageRecord r : List.of(mixed, unpriced, enormous, none)) {
            memory.remember(r, 1);
        }
        for (UsageRecord r : List.of(mixed, unpriced, enormous, none)) {
            assertEquals(r, memory.find(r.requestId()));
        }
    }

    @Test
    public void aSecondRecordOfTheSameIdLeavesTheFirst() {
        CompletionMemory memory = new CompletionMemory(1000);
        UsageRecord first = priced("r-1");
        memory.remember(first, 1);
        memory.remember(record("r-1", Charge.unpriced(), List.of()), 2);
        assertEquals(first, memory.find("r-1"));
        assertEquals(1, memory.size());
    }

    @Test
    public void theOldestAreForgottenByAgeAndBySize() {
        CompletionMemory memory = new CompletionMemory(16);
        assertEquals(16, memory.capacity());
        for (int i = 0; i < 200; i++) {
            memory.remember(priced("r-" + i), i);
        }
        // Each segment keeps its newest: about the last 16 ids, none of the first 100.
        assertEquals(true, memory.size() <= 16);
        for (int i = 0; i < 100; i++) {
            assertNull(memory.find("r-" + i));
        }
        int before = memory.size();
        assertEquals(before, memory.forgetBefore(Long.MAX_VALUE));
        assertEquals(0, memory.size());
    }

    @Test
    public void aFullMemoryForgetsTheOldestInSmallBatchesAndKeepsTheNewest() {
        CompletionMemory memory = new CompletionMemory(6400);
        for (int i = 0; i < 100_000; i++) {
            memory.remember(priced("r-" + i), i);
        }
        // 400 slots a segment, forgotten 6 at a time when full: each keeps at least its newest 395.
        int size = memory.size();
        assertTrue("size " + size, size <= 6400 && size >= 6400 - 16 * 5);
        for (int i = 100_000 - 1000; i < 100_000; i++) {
            assertEquals(priced("r-" + i), memory.find("r-" + i));
        }
        for (int i = 0; i < 90_000; i++) {
            assertNull(memory.find("r-" + i));
        }
        List<String> held = memory.ids();
        assertEquals(size, held.size());
        for (String id : held) {
            assertEquals(id, memory.find(id).requestId());
        }
    }

    /** Random remembering and forgetting against a plain model: the index never loses an entry. */
    @Test
    public void theIndexAgreesWithAModelUnderChurn() {
        CompletionMemory memory = new CompletionMemory(160);
        // The model of one segment's ring is kept per segment by asking the memory which ids it holds.
        SplittableRandom random = new SplittableRandom(20261206L);
        Map<String, Long> everRemembered = new LinkedHashMap<>();
        long clock = 0;
        for (int step = 0; step < 200_000; step++) {
            clock++;
            if (random.nextInt(100) < 97) {
                String id = "req-" + random.nextInt(5_000);
                memory.remember(priced(id), clock);
                everRemembered.putIfAbsent(id, clock);
            } else {
                memory.forgetBefore(clock - random.nextInt(200));
            }
            if (step % 997 == 0) {
                List<String> held = memory.ids();
                assertEquals(held.size(), memory.size());
                for (String id : held) {
                    assertEquals(id, memory.find(id).requestId());
                }
                List<String> absent = new ArrayList<>(everRemembered.keySet());
                absent.removeAll(held);
                for (String id : absent) {
                    assertNull(id, memory.find(id));
                }
            }
        }
    }

    @Test
    public void aResizedMemoryKeepsTheNewestAndWhatIsInFlight() {
        CompletionMemory memory = new CompletionMemory(1600);
        for (int i = 0; i < 1000; i++) {
            memory.remember(priced("r-" + i), i);
        }
        Completion running = new Completion("running", 5);
        assertNull(memory.claim(running));
        memory.resize(3200);
        assertEquals(3200, memory.capacity());
        assertEquals(1000, memory.size());
        assertEquals(priced("r-7"), memory.find("r-7"));
        memory.resize(16);
        assertEquals(true, memory.size() <= 16);
        assertNull(memory.find("r-0"));
        assertEquals(priced("r-999"), memory.find("r-999"));
        assertSame(running, memory.claim(new Completion("running", 6)));
    }

    @Test
    public void anIdIsClaimedOnceThenAnsweredFromTheMemory() {
        CompletionMemory memory = new CompletionMemory(1000);
        Completion first = new Completion("r-1", 1);
        assertNull(memory.claim(first));
        Completion duplicate = new Completion("r-1", 2);
        assertSame(first, memory.claim(duplicate));
        UsageRecord record = priced("r-1");
        memory.finish(first, record, 3);
        assertEquals(record, memory.claim(duplicate));
        assertEquals(1, memory.size());
    }

    @Test
    public void aRetryTakesOverFromAFailedCompletionOnce() {
        CompletionMemory memory = new CompletionMemory(1000);
        Completion failed = new Completion("r-1", 1);
        assertNull(memory.claim(failed));
        failed.fail(new IllegalStateException("the store is down"));
        assertEquals(List.of(failed), memory.failed());
        Completion retry = new Completion("r-1", 2);
        assertSame(failed, memory.claim(retry));
        assertTrue(memory.takeOver(failed, retry));
        assertFalse(memory.takeOver(failed, new Completion("r-1", 3)));
        assertEquals(List.of(), memory.failed());
        memory.forgetFailed(failed);
        assertSame("a retry that took over is not forgotten with the failure", retry,
                memory.claim(new Completion("r-1", 4)));
    }
}
