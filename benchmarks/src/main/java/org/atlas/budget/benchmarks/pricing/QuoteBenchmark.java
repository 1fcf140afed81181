package org.atlas.budget.benchmarks.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.spi.PricingCatalog;
import org.atlas.budget.pricing.internal.CatalogueBoard;
import org.atlas.budget.pricing.internal.CatalogueSource;
import org.atlas.budget.pricing.internal.StaticCatalogue;
import org.atlas.budget.pricing.internal.index.ModelKey;
import org.atlas.budget.pricing.internal.index.PriceIndex;
import org.atlas.budget.pricing.internal.json.CatalogueFile;
import org.atlas.budget.pricing.internal.json.CatalogueFileReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of quoting one call through the real pricing code, against the bare arithmetic of the
 * same cost in the same run (issue "Pricing").
 *
 * <p>The board is loaded with the list-price catalogue that ships in budget-pricing-catalog, read
 * from that jar by the same {@link CatalogueFileReader} the extender uses in Karaf, so the index has
 * its real size and alias table. Two calls are priced:
 * <ul>
 * <li><b>chat</b>: openai/gpt-4o, 1,200 input tokens of which 1,000 cache reads, 350 output
 * (200 x $2.50 + 1,000 x $1.25 + 350 x $10 per 1M = $0.00525);</li>
 * <li><b>long context</b>: google/gemini-2.5-pro, 250,000 input, 2,000 output of which 1,500
 * reasoning: above the 200,000 tier, so every token at the tier's rates
 * (250,000 x $2.50 + 2,000 x $15 per 1M = $0.655).</li>
 * </ul>
 * The baselines take the same rates, read from the same catalogue once in setup, and only do the
 * arithmetic: {@code bigDecimal*} exactly as the calculator does (BigDecimal multiply and add),
 * {@code nanos*} in {@code long} nano-dollars per token. Setup checks that both give the quote's
 * exact cost, so a baseline can never drift into measuring a different sum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
public class QuoteBenchmark {

    static final String CATALOGUE = "catalogue/atlas-list-prices.json";
    /** After every price change in the shipped file, so the current versions are quoted. */
    static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");

    // Not final and not static: the JIT must not fold the arguments into constants.
    private String openai = "openai";
    private String gpt4o = "gpt-4o";
    private String gpt4oAlias = "openai/gpt-4o-2024-11-20";
    private String google = "google";
    private String gemini25Pro = "gemini-2.5-pro";
    private Instant at = AT;

    private Usage chat;
    private Usage longContext;
    private CatalogueBoard board;
    /** The same catalogues as the board's book, for resolution on its own. */
    private PriceIndex index;

    private Sum chatSum;
    private Sum longContextSum;

    /** Token counts and the per-1M rates that apply to them, as the baselines use them. */
    static final class Sum {
        final long input;
        final long cacheRead;
        final long output;
        final long reasoning;
        final BigDecimal inputRate;
        final BigDecimal cacheReadRate;
        final BigDecimal outputRate;
        final BigDecimal reasoningRate;
        final long inputNanos;
        final long cacheReadNanos;
        final long outputNanos;
        final long reasoningNanos;

        Sum(Usage usage, TokenRates rates) {
            input = usage.uncachedInputTokens();
            cacheRead = usage.cacheReadTokens();
            output = usage.visibleOutputTokens();
            reasoning = usage.reasoningTokens();
            inputRate = rates.input();
            cacheReadRate = rates.effectiveCacheRead();
            outputRate = rates.output();
            reasoningRate = rates.effectiveReasoning();
            inputNanos = nanosPerToken(inputRate);
            cacheReadNanos = nanosPerToken(cacheReadRate);
            outputNanos = nanosPerToken(outputRate);
            reasoningNanos = nanosPerToken(reasoningRate);
        }

        /** $ per 1M tokens to nano-dollars per token; fails for a rate finer than that. */
        private static long nanosPerToken(BigDecimal perMillion) {
            return perMillion.movePointRight(3).longValueExact();
        }

        BigDecimal exact() {
            return BigDecimal.valueOf(input).multiply(inputRate)
                    .add(BigDecimal.valueOf(cacheRead).multiply(cacheReadRate))
                    .add(BigDecimal.valueOf(output).multiply(outputRate))
                    .add(BigDecimal.valueOf(reasoning).multiply(reasoningRate))
                    .movePointLeft(6);
        }

        long nanos() {
            return Math.addExact(Math.addExact(Math.multiplyExact(input, inputNanos),
                    Math.multiplyExact(cacheRead, cacheReadNanos)),
                    Math.addExact(Math.multiplyExact(output, outputNanos),
                            Math.multiplyExact(reasoning, reasoningNanos)));
        }
    }

    @Setup
    public void loadTheShippedCatalogue() throws IOException {
        CatalogueFile file = readShippedCatalogue();
        board = new CatalogueBoard();
        PricingCatalog catalogue = new StaticCatalogue(file.id(), file.prices());
        CatalogueBoard.Change change = board.put(new CatalogueSource(1, 0, file.id(), "benchmark"), catalogue);
        if (!change.applied()) {
            throw new IllegalStateException("the shipped catalogue was rejected: " + change.error());
        }
        index = PriceIndex.build(board.catalogues());

        chat = Usage.builder().inputTokens(1_200).cacheReadTokens(1_000).outputTokens(350).build();
        longContext = Usage.builder().inputTokens(250_000).outputTokens(2_000).reasoningTokens(1_500).build();
        chatSum = new Sum(chat, ratesFor(openai, gpt4o, chat));
        longContextSum = new Sum(longContext, ratesFor(google, gemini25Pro, longContext));

        check("chat", quoteChat(), chatSum, "0.00525");
        check("long context", quoteLongContext(), longContextSum, "0.655");
        check("chat total", quoteTotalChat(), chatSum, "0.00525");
        check("long context total", quoteTotalLongContext(), longContextSum, "0.655");
        if (!quoteTotalChat().lines().isEmpty() || !quoteTotalLongContext().lines().isEmpty()) {
            throw new IllegalStateException("quoteTotal built cost lines: the long sum was not taken");
        }
        Optional<ModelKey> exact = resolveExact();
        if (exact.isEmpty() || !exact.equals(resolveAlias())) {
            throw new IllegalStateException(gpt4oAlias + " does not resolve to " + exact);
        }
    }

    private static CatalogueFile readShippedCatalogue() throws IOException {
        InputStream in = QuoteBenchmark.class.getClassLoader().getResourceAsStream(CATALOGUE);
        if (in == null) {
            throw new IllegalStateException(CATALOGUE + " is not on the class path (budget-pricing-catalog jar)");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return CatalogueFileReader.read(reader, CATALOGUE);
        }
    }

    /** The rates the calculator applies to this usage: the version in force, its tier if any. */
    private TokenRates ratesFor(String provider, String model, Usage usage) {
        ModelPrice price = board.book().price(provider, model, at)
                .orElseThrow(() -> new IllegalStateException(provider + "/" + model + " is not priced at " + at));
        ContextTier tier = price.tierFor(usage.inputTokens());
        return tier != null ? tier.rates() : price.tokens();
    }

    private static void check(String name, Quote quote, Sum sum, String expected) {
        if (quote.status() != PricingStatus.PRICED) {
            throw new IllegalStateException(name + ": " + quote.reason());
        }
        BigDecimal cost = quote.exactCost();
        boolean same = cost.compareTo(new BigDecimal(expected)) == 0
                && cost.compareTo(sum.exact()) == 0
                && cost.compareTo(BigDecimal.valueOf(sum.nanos()).movePointLeft(9)) == 0;
        if (!same) {
            throw new IllegalStateException(name + ": quote " + cost.toPlainString() + ", expected " + expected
                    + ", BigDecimal baseline " + sum.exact().toPlainString() + ", nano baseline " + sum.nanos());
        }
    }

    // --- The real path: board.book() (one volatile read), resolve, version, calculator, Quote ---

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public Quote quoteChat() {
        return board.book().quote(openai, gpt4o, chat, at);
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public Quote quoteLongContext() {
        return board.book().quote(google, gemini25Pro, longContext, at);
    }

    /**
     * What enforcement asks since 2026-12-07: the same question without the cost lines
     * ({@code quoteTotal}), whose total is summed from the rates' unscaled longs.
     */
    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public Quote quoteTotalChat() {
        return board.book().quoteTotal(openai, gpt4o, chat, at);
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public Quote quoteTotalLongContext() {
        return board.book().quoteTotal(google, gemini25Pro, longContext, at);
    }

    // --- Baselines: the same sums with the rates already in hand ---

    @Benchmark
    public BigDecimal bigDecimalChat() {
        return chatSum.exact();
    }

    @Benchmark
    public BigDecimal bigDecimalLongContext() {
        return longContextSum.exact();
    }

    @Benchmark
    public long nanosChat() {
        return chatSum.nanos();
    }

    @Benchmark
    public long nanosLongContext() {
        return longContextSum.nanos();
    }

    // --- Model resolution alone: canonical id vs an explicit alias of it ---

    @Benchmark
    public Optional<ModelKey> resolveExact() {
        return index.resolve(openai, gpt4o);
    }

    @Benchmark
    public Optional<ModelKey> resolveAlias() {
        return index.resolve(openai, gpt4oAlias);
    }
}
