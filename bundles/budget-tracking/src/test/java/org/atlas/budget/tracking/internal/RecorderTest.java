package org.atlas.budget.tracking.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.tracking.testing.InMemoryStore;
import org.atlas.budget.tracking.testing.ListPrices;
import org.atlas.budget.tracking.usage.UsageFormat;
import org.atlas.budget.tracking.usage.UsageFormatTest;
import org.junit.Test;

/**
 * Worked examples of recording without a budget manager, with the real list prices. The usages
 * come from the provider fixtures through the normalisers, so each figure is the whole path from a
 * provider response to a stored charge.
 *
 * <ul>
 * <li>OpenAI gpt-4o, 2,006 prompt tokens of which 1,920 cached, 300 completion tokens of which 128
 * reasoning, at the 2024-10-03 price ($2.50 input, $1.25 cached, $10 output per 1M):
 * 86 x 2.50 + 1,920 x 1.25 + 300 x 10 = 215 + 2,400 + 3,000 micro-dollars = <b>$0.005615</b>.
 * The same call on 2024-08-01, at the 2024-05-13 price ($5 input with no cache discount, $15
 * output): 2,006 x 5 + 300 x 15 = 10,030 + 4,500 = <b>$0.01453</b>.</li>
 * <li>Anthropic claude-sonnet-4-5: 50 uncached x $3 + 10,000 cache reads x $0.30 + 1,024
 * five-minute writes x $3.75 + 1,024 one-hour writes x $6 + 503 output x $15 per 1M
 * = 150 + 3,000 + 3,840 + 6,144 + 7,545 = <b>$0.020679</b>.</li>
 * <li>Google gemini-2.5-pro at the 2025-12-01 price: 4,000 uncached x $1.25 + 8,000 cached x
 * $0.125 + (800 + 1,200 thoughts) x $10 per 1M = 5,000 + 1,000 + 20,000 = <b>$0.026</b>.</li>
 * </ul>
 */
public class RecorderTest {

    static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final InMemoryStore store = new InMemoryStore();
    final ListPrices pricing = new ListPrices();
    final List<UsageRecord> events = new CopyOnWriteArrayList<>();
    final Recorder recorder = new Recorder(store, () -> pricing, () -> null, events::add, CLOCK,
            Duration.ofMinutes(5));

    static UsageReport report(String id, String provider, String model, Instant at, Usage usage) {
        return new UsageReport(id, provider, model, Operation.CHAT, at, true, Dimensions.ofUser("ada"), usage);
    }

    static Usage openAiUsage() {
        return UsageFormat.OPENAI_CHAT.fromResponse(UsageFormatTest.fixture("openai-chat.json"));
    }

    @Test
    public void openAiCallIsPricedAtItsTimestampAndStored() {
        UsageRecord record = recorder.record(report("r-1", "openai", "gpt-4o-2024-11-20", NOW.minusSeconds(60),
                openAiUsage()));
        assertEquals(Money.of("0.005615", "USD"), record.charge().cost());
        assertEquals(PricingStatus.PRICED, record.charge().status());
        assertEquals("openai/gpt-4o@2024-10-03", record.charge().priceVersion());
        assertEquals(NOW, record.recordedAt());
        assertEquals(List.of(), record.ledger());
        assertEquals(record, store.findUsage("r-1").orElseThrow());
        assertEquals(List.of(record), events);
    }

    @Test
    public void anOlderCallIsChargedAtThePriceInForceThen() {
        UsageRecord record = recorder.record(report("r-old", "openai", "gpt-4o", Instant.parse("2024-08-01T09:00:00Z"),
                openAiUsage()));
        assertEquals(Money.of("0.01453", "USD"), record.charge().cost());
        assertEquals("openai/gpt-4o@2024-05-13", record.charge().priceVersion());
    }

    @Test
    public void anthropicCacheWritesOfBothLifetimesArePricedApart() {
        Usage usage = UsageFormat.ANTHROPIC_MESSAGES.fromResponse(UsageFormatTest.fixture("anthropic-message.json"));
        UsageRecord record = recorder.record(report("r-a", "anthropic", "claude-sonnet-4-5-20250929", NOW, usage));
        assertEquals(Money.of("0.020679", "USD"), record.charge().cost());
    }

    @Test
    public void geminiThoughtsArePricedAsOutput() {
        Usage usage = UsageFormat.GEMINI.fromResponse(UsageFormatTest.fixture("gemini.json"));
        UsageRecord record = recorder.record(report("r-g", "google", "gemini-2.5-pro", NOW, usage));
        assertEquals(Money.of("0.026", "USD"), record.charge().cost());
        assertEquals("google/gemini-2.5-pro@2025-12-01", record.charge().priceVersion());
    }

    @Test
    public void aRetryReturnsTheStoredRecordAndChargesNothing() {
        UsageRecord first = recorder.record(report("r-2", "openai", "gpt-4o", NOW, openAiUsage()));
        // The retry carries other counts: the first record stands, nothing is charged again.
        UsageRecord retry = recorder.record(report("r-2", "openai", "gpt-4o", NOW,
                Usage.builder().inputTokens(999_999).outputTokens(1).build()));
        assertEquals(first, retry);
        assertEquals(1, store.size());
        assertEquals(1, events.size());
    }

    @Test
    public void aModelWithoutPriceIsRecordedUnpricedNeverFree() {
        UsageRecord record = recorder.record(report("r-3", "openai", "gpt-unknown-model", NOW, openAiUsage()));
        assertEquals(Charge.unpriced(), record.charge());
        assertNull(record.charge().cost());
        assertEquals(1, store.size());
        assertEquals(PricingStatus.UNPRICED.name(), RecordedEventPoster.properties(events.get(0)).get("status"));
        assertTrue(!RecordedEventPoster.properties(events.get(0)).containsKey("cost"));
    }

    @Test
    public void aTimestampInTheFutureIsRejectedAndNothingIsStored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> recorder.record(
                report("r-4", "openai", "gpt-4o", NOW.plus(Duration.ofMinutes(6)), openAiUsage())));
        assertEquals("timestamp 2026-11-10T12:06:00Z of r-4 lies in the future (more than 300 s ahead of this"
                + " node's clock)", e.getMessage());
        assertEquals(0, store.size());
        assertEquals(0, store.appendCalls.get());
    }

    @Test
    public void inconsistentCountsNeverReachTheTracker() {
        // The canonical Usage refuses them, so no UsageReport can carry them.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Usage.builder().inputTokens(10).cacheReadTokens(11).build());
        assertTrue(e.getMessage().contains("must not exceed inputTokens (10)"));
        assertThrows(IllegalArgumentException.class, () -> Usage.builder().inputTokens(-1).build());
    }

    @Test
    public void recordWithChargeRequiresChargeAndLedger() {
        UsageReport report = report("r-5", "openai", "gpt-4o", NOW, openAiUsage());
        assertEquals("charge is required",
                assertThrows(IllegalArgumentException.class, () -> recorder.record(report, null, List.of())).getMessage());
        assertEquals("ledger is required (empty when no budget was charged)", assertThrows(
                IllegalArgumentException.class, () -> recorder.record(report, Charge.unpriced(), null)).getMessage());
        assertEquals(0, store.size());
    }

    @Test
    public void aRecordWithAChargeIsStoredAsGiven() {
        Charge charge = new Charge(PricingStatus.PRICED, Money.of("0.5", "USD"), "v1", "cat");
        UsageRecord record = recorder.record(report("r-6", "openai", "gpt-4o", NOW, openAiUsage()), charge, List.of());
        assertEquals(charge, record.charge());
        assertEquals(charge, store.findUsage("r-6").orElseThrow().charge());
    }

    @Test
    public void aBatchIsValidatedWholeBeforeAnythingIsStored() {
        List<UsageReport> batch = List.of(report("b-1", "openai", "gpt-4o", NOW, openAiUsage()),
                report("b-2", "openai", "gpt-4o", NOW.plus(Duration.ofHours(1)), openAiUsage()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> recorder.recordAll(batch));
        assertTrue(e.getMessage(), e.getMessage().startsWith("report 1: timestamp"));
        assertEquals(0, store.size());
    }

    @Test
    public void aBatchIsOneAppendAndAnswersDuplicatesWithTheStoredRecord() {
        UsageRecord earlier = recorder.record(report("b-0", "openai", "gpt-4o", NOW, openAiUsage()));
        int appendsBefore = store.appendCalls.get();
        List<UsageRecord> result = recorder.recordAll(List.of(
                report("b-0", "openai", "gpt-4o", NOW, openAiUsage()),
                report("b-1", "anthropic", "claude-sonnet-4-5", NOW, openAiUsage()),
                report("b-1", "anthropic", "claude-sonnet-4-5", NOW, openAiUsage())));
        assertEquals(appendsBefore + 1, store.appendCalls.get());
        assertEquals(earlier, result.get(0));
        assertSame(result.get(1), result.get(2));
        assertEquals(2, store.size());
        assertEquals(2, events.size());
    }

    @Test
    public void aStoreFailureIsRaisedAndARetryRecordsOnce() {
        store.failing = true;
        UsageReport report = report("r-7", "openai", "gpt-4o", NOW, openAiUsage());
        assertThrows(BudgetUnavailableException.class, () -> recorder.record(report));
        assertEquals(0, events.size());
        store.failing = false;
        assertEquals(Money.of("0.005615", "USD"), recorder.record(report).charge().cost());
        assertEquals(1, store.size());
    }

    @Test(timeout = 20_000)
    public void concurrentDuplicatesAreRecordedOnce() throws Exception {
        UsageReport report = report("r-race", "openai", "gpt-4o", NOW, openAiUsage());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<UsageRecord>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return recorder.record(report);
                }));
            }
            go.countDown();
            Set<UsageRecord> distinct = new HashSet<>();
            for (Future<UsageRecord> result : results) {
                distinct.add(result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size());
            assertEquals(1, store.size());
            assertEquals(1, events.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void historyAndFindReadTheStore() {
        recorder.record(report("h-1", "openai", "gpt-4o", NOW.minusSeconds(10), openAiUsage()));
        recorder.record(report("h-2", "openai", "gpt-4o", NOW.minusSeconds(5), openAiUsage()));
        var page = recorder.history(org.atlas.budget.api.model.UsageQuery.between(NOW.minusSeconds(60), NOW));
        assertEquals(List.of("h-1", "h-2"), page.items().stream().map(UsageRecord::requestId).toList());
        assertEquals("h-2", recorder.find(" h-2 ").orElseThrow().requestId());
        assertThrows(IllegalArgumentException.class, () -> recorder.find(" "));
    }
}
