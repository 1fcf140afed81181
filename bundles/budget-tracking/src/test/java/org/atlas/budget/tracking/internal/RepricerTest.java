package org.atlas.budget.tracking.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.NoSuchElementException;

import org.atlas.budget.api.BudgetUnavailableException;
import org.atlas.budget.api.model.AuditEntry;
import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.RepricingLine;
import org.atlas.budget.api.model.RepricingRequest;
import org.atlas.budget.api.model.RepricingResult;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;
import org.atlas.budget.tracking.testing.InMemoryStore;
import org.atlas.budget.tracking.testing.ListPrices;
import org.junit.Test;

/**
 * Repricing with the real list prices. gpt-4o cost $5 / $15 per 1M input / output tokens from
 * 2024-05-13 and $2.50 / $10 from 2024-10-03. Three calls of 1,000 input and 500 output tokens
 * made in August 2024 were charged 0.005 + 0.0075 = $0.0125 each; under the prices in force on
 * 2024-11-01 they cost 0.0025 + 0.005 = $0.0075 each. A fourth gpt-4o call (2,000 input tokens)
 * was recorded UNPRICED and is priced 2,000 x 2.50 = $0.005. So the gpt-4o charges go from
 * $0.0375 to $0.0275: <b>-$0.01</b>. gpt-4o-mini did not change price (unchanged), and
 * claude-sonnet-4-5 had no price on 2024-11-01 (it keeps its charge).
 */
public class RepricerTest {

    static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");
    static final Instant AUGUST = Instant.parse("2024-08-01T10:00:00Z");
    static final Instant PRICES_AT = Instant.parse("2024-11-01T00:00:00Z");
    static final Usage STANDARD = Usage.builder().inputTokens(1000).outputTokens(500).build();
    static final Currency USD = Currency.getInstance("USD");
    static final LedgerEntry ENFORCED = new LedgerEntry(new BucketKey("team", "*", Instant.parse("2024-08-01T00:00:00Z")),
            Money.of("0.0125", "USD"));

    final InMemoryStore store = new InMemoryStore();
    final ListPrices pricing = new ListPrices();
    final List<RepricingResult> applied = new ArrayList<>();
    final MutableClock clock = new MutableClock(NOW);
    final Repricer repricer = new Repricer(store, () -> pricing, applied::add, clock,
            new Repricer.Settings(2, Duration.ofMinutes(60)));
    final RepricingRequest request = new RepricingRequest(Instant.parse("2024-07-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:00:00Z"), null, null, PRICES_AT);

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    void seed() {
        for (int i = 1; i <= 3; i++) {
            store.append(List.of(priced("gpt4o-" + i, "openai", "gpt-4o", AUGUST.plusSeconds(i), STANDARD,
                    i == 1 ? List.of(ENFORCED) : List.of())));
        }
        store.append(List.of(new UsageRecord(report("gpt4o-unpriced", "openai", "gpt-4o",
                Instant.parse("2024-09-01T00:00:00Z"), Usage.builder().inputTokens(2000).build()),
                Charge.unpriced(), NOW)));
        store.append(List.of(priced("mini-1", "openai", "gpt-4o-mini", AUGUST, STANDARD, List.of())));
        store.append(List.of(priced("sonnet-1", "anthropic", "claude-sonnet-4-5", NOW, STANDARD, List.of())));
    }

    UsageRecord priced(String id, String provider, String model, Instant at, Usage usage, List<LedgerEntry> ledger) {
        UsageReport report = report(id, provider, model, at, usage);
        return new UsageRecord(report, pricing.quote(provider, model, usage, at).toCharge(), at, ledger);
    }

    static UsageReport report(String id, String provider, String model, Instant at, Usage usage) {
        return new UsageReport(id, provider, model, Operation.CHAT, at, true, Dimensions.NONE, usage);
    }

    static final RepricingLine GPT_4O = new RepricingLine("openai", "gpt-4o", USD, 4, 1, Money.of("0.0375", "USD"),
            Money.of("0.0275", "USD"));
    static final RepricingLine TOTAL = new RepricingLine("*", "*", USD, 4, 1, Money.of("0.0375", "USD"),
            Money.of("0.0275", "USD"));

    @Test
    public void aDryRunReportsTheDifferencePerModelAndInTotalAndChangesNothing() {
        seed();
        List<UsageRecord> before = store.all();
        List<String> progress = new ArrayList<>();
        RepricingResult dryRun = repricer.dryRun(request, (examined, changed) -> progress.add(examined + "/" + changed));
        assertEquals(6, dryRun.examined());
        assertEquals(4, dryRun.changed());
        assertEquals(1, dryRun.unpriced());
        assertEquals(List.of(GPT_4O), dryRun.perModel());
        assertEquals(List.of(TOTAL), dryRun.totals());
        assertEquals(Money.of("-0.01", "USD"), dryRun.totals().get(0).difference());
        assertEquals(List.of("2/1", "4/3", "6/4"), progress);
        assertEquals(before, store.all());
        assertEquals(0, store.replaceCalls.get());
        assertEquals(List.of(), store.auditLog(10));
        assertTrue(applied.isEmpty());
    }

    @Test
    public void applyWritesTheNewChargesKeepsTheLedgerAndAudits() {
        seed();
        RepricingResult dryRun = repricer.dryRun(request, null);
        RepricingResult result = repricer.apply(dryRun.id(), "ops-admin", null);
        assertTrue(result.applied());
        assertEquals(dryRun.id(), result.id());
        assertEquals(List.of(GPT_4O), result.perModel());

        UsageRecord first = store.findUsage("gpt4o-1").orElseThrow();
        assertEquals(Money.of("0.0075", "USD"), first.charge().cost());
        assertEquals("openai/gpt-4o@2024-10-03", first.charge().priceVersion());
        assertEquals(List.of(ENFORCED), first.ledger());
        assertEquals(Money.of("0.005", "USD"), store.findUsage("gpt4o-unpriced").orElseThrow().charge().cost());
        assertEquals(Money.of("0.0105", "USD"), store.findUsage("sonnet-1").orElseThrow().charge().cost());
        assertEquals(Money.of("0.00045", "USD"), store.findUsage("mini-1").orElseThrow().charge().cost());

        List<AuditEntry> audit = store.auditLog(10);
        assertEquals(1, audit.size());
        assertEquals(Repricer.AUDIT_ACTION, audit.get(0).action());
        assertEquals("ops-admin", audit.get(0).actor());
        assertEquals(NOW, audit.get(0).at());
        assertEquals("usage [2024-07-01T00:00:00Z, 2026-12-01T00:00:00Z)", audit.get(0).target());
        assertEquals(dryRun.id() + ": prices in force at 2024-11-01T00:00:00Z; examined 6, changed 4, left unpriced 1;"
                + " USD 0.0375 -> 0.0275 (-0.01)", audit.get(0).details());
        assertEquals(List.of(result), applied);
    }

    @Test
    public void aDryRunIsAppliedOnceAndOnlyWhileItLives() {
        seed();
        RepricingResult dryRun = repricer.dryRun(request, null);
        repricer.apply(dryRun.id(), "ops", null);
        NoSuchElementException again = assertThrows(NoSuchElementException.class,
                () -> repricer.apply(dryRun.id(), "ops", null));
        assertTrue(again.getMessage(), again.getMessage().contains("run a dry run first"));

        RepricingResult later = repricer.dryRun(request, null);
        clock.now = NOW.plus(Duration.ofMinutes(61));
        assertThrows(NoSuchElementException.class, () -> repricer.apply(later.id(), "ops", null));
        assertEquals(1, store.auditLog(10).size());
    }

    @Test
    public void aSecondRunAfterApplyingFindsNothingToChange() {
        seed();
        repricer.apply(repricer.dryRun(request, null).id(), "ops", null);
        RepricingResult again = repricer.dryRun(request, null);
        assertEquals(0, again.changed());
        assertEquals(List.of(), again.totals());
    }

    @Test
    public void filtersLimitTheRunToOneModel() {
        seed();
        RepricingResult mini = repricer.dryRun(new RepricingRequest(request.from(), request.to(), "openai",
                "gpt-4o-mini", PRICES_AT), null);
        assertEquals(1, mini.examined());
        assertEquals(0, mini.changed());
    }

    @Test
    public void applyingNeedsAnActor() {
        assertEquals("actor is required: an applied repricing is audited", assertThrows(
                IllegalArgumentException.class, () -> repricer.apply("x", " ", null)).getMessage());
    }

    @Test
    public void aFailurePartWayIsAuditedWithWhatWasWritten() {
        seed();
        RepricingResult dryRun = repricer.dryRun(request, null);
        store.replacesBeforeFailure = 1;
        assertThrows(BudgetUnavailableException.class, () -> repricer.apply(dryRun.id(), "ops", null));
        List<AuditEntry> audit = store.auditLog(10);
        assertEquals(1, audit.size());
        assertEquals(Repricer.AUDIT_ACTION_FAILED, audit.get(0).action());
        assertTrue(audit.get(0).details(), audit.get(0).details().contains("failed after writing 1 record(s)"));
        assertTrue(applied.isEmpty());
    }
}
