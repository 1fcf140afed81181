package org.atlas.budget.pricing.internal.litellm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.pricing.internal.index.PriceIndex;
import org.atlas.budget.pricing.internal.index.RankedCatalogue;
import org.atlas.budget.pricing.internal.quote.PriceBook;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The importer on a real excerpt of LiteLLM's price map (src/test/resources/litellm, 47 entries
 * copied verbatim, MIT licence in NOTICE), defects included.
 */
public class LiteLlmImporterTest {

    private static final Instant IMPORTED_AT = Instant.parse("2026-07-24T10:15:30.123Z");

    private static LiteLlmImporter.Result result;
    private static Map<String, ModelPrice> byId;

    @BeforeClass
    public static void importExcerpt() throws IOException {
        try (Reader reader = new InputStreamReader(LiteLlmImporterTest.class.getResourceAsStream(
                "/litellm/excerpt.json"), java.nio.charset.StandardCharsets.UTF_8)) {
            result = new LiteLlmImporter().read(reader, "litellm", IMPORTED_AT);
        }
        byId = result.prices().stream().collect(Collectors.toMap(p -> p.provider() + "/" + p.model(),
                Function.identity()));
    }

    private static ModelPrice model(String id) {
        ModelPrice price = byId.get(id);
        if (price == null) {
            throw new AssertionError(id + " was not loaded; loaded: " + byId.keySet());
        }
        return price;
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals("expected " + expected + ", was " + actual, 0, new BigDecimal(expected).compareTo(actual));
    }

    @Test
    public void everyEntryIsLoadedMergedSkippedOrRejectedWithAReason() {
        ImportReport report = result.report();
        assertEquals("litellm", report.catalogue());
        assertEquals(32, report.loaded());
        assertEquals(32, result.prices().size());
        assertEquals(Set.of("sample_spec", "github_copilot/gpt-4o", "sora-2", "deepseek/deepseek-reasoner",
                "together_ai/baai/bge-base-en-v1.5"), keys(report.skipped()));
        assertEquals(Set.of("wandb/openai/gpt-oss-120b", "codestral/codestral-latest", "gemini/gemini-exp-1206",
                "deepseek/deepseek-chat"), keys(report.rejected()));
        // 32 loaded + 5 skipped + 4 rejected + 6 image-size entries merged into their model = 47
    }

    @Test
    public void theReasonsSayWhy() {
        Map<String, String> skipped = reasons(result.report().skipped());
        Map<String, String> rejected = reasons(result.report().rejected());
        assertTrue(skipped.get("github_copilot/gpt-4o"), skipped.get("github_copilot/gpt-4o").contains("no price at all"));
        assertTrue(skipped.get("sora-2"), skipped.get("sora-2").contains("output_cost_per_video_per_second"));
        assertTrue(rejected.get("wandb/openai/gpt-oss-120b"),
                rejected.get("wandb/openai/gpt-oss-120b").contains("plausibility limit"));
        assertTrue(rejected.get("codestral/codestral-latest"), rejected.get("codestral/codestral-latest").contains("0/0"));
        assertTrue(rejected.get("deepseek/deepseek-chat"), rejected.get("deepseek/deepseek-chat").contains("'deepseek-chat'"));
    }

    @Test
    public void perTokenPricesBecomeExactPerMillionPrices() {
        // gpt-4o: 2.5e-06 / 1.25e-06 / 1e-05 per token -> $2.50 / $1.25 / $10 per 1M, exactly.
        ModelPrice gpt4o = model("openai/gpt-4o");
        assertDecimal("2.5", gpt4o.tokens().input());
        assertEquals(new BigDecimal("1.25"), gpt4o.tokens().cacheRead());
        assertDecimal("10", gpt4o.tokens().output());
        assertNull(gpt4o.tokens().cacheWrite5m());
        // batches 1.25e-06 / 2.5e-06 = 0.5 on input and 5e-06 / 1e-05 = 0.5 on output.
        assertDecimal("0.5", gpt4o.batchMultiplier());
        assertEquals(Operation.CHAT, gpt4o.mode());
        assertTrue(gpt4o.capabilities().containsAll(Set.of("vision", "function-calling", "prompt-caching")));
        assertEquals(Instant.EPOCH, gpt4o.effectiveFrom());
        assertEquals("openai/gpt-4o@2026-07-24T10:15:30Z", gpt4o.versionId());
        assertEquals("USD", gpt4o.currency().getCurrencyCode());
        // gpt-4o-mini: 1.5e-07 -> 0.15, 6e-07 -> 0.6.
        assertDecimal("0.15", model("openai/gpt-4o-mini").tokens().input());
        assertDecimal("0.6", model("openai/gpt-4o-mini").tokens().output());
    }

    @Test
    public void anthropicCacheWritesAndLongContextTierAreMapped() {
        ModelPrice sonnet = model("anthropic/claude-sonnet-4-20250514");
        assertDecimal("3", sonnet.tokens().input());
        assertDecimal("15", sonnet.tokens().output());
        assertDecimal("0.3", sonnet.tokens().cacheRead());
        assertDecimal("3.75", sonnet.tokens().cacheWrite5m());
        assertDecimal("6", sonnet.tokens().cacheWrite1h());
        assertEquals(LocalDate.parse("2026-05-14"), sonnet.deprecationDate());
        ContextTier tier = sonnet.tiers().get(0);
        assertEquals(200_000, tier.aboveInputTokens());
        assertDecimal("6", tier.rates().input());
        assertDecimal("22.5", tier.rates().output());
        assertDecimal("0.6", tier.rates().cacheRead());
        assertDecimal("7.5", tier.rates().cacheWrite5m());
        assertDecimal("30", model("anthropic/claude-opus-4-1-20250805").tokens().cacheWrite1h());
    }

    @Test
    public void providerPrefixesBecomeAliasesAndProvidersStayAsLiteLlmNamesThem() {
        ModelPrice studio = model("gemini/gemini-2.5-pro");
        assertEquals(Set.of("gemini/gemini-2.5-pro"), studio.aliases());
        ModelPrice vertex = model("vertex_ai-language-models/gemini-2.5-pro");
        assertEquals(Set.of(), vertex.aliases());
        ModelPrice vertexClaude = model("vertex_ai-anthropic_models/claude-sonnet-4");
        assertEquals(Set.of("vertex_ai/claude-sonnet-4"), vertexClaude.aliases());
        assertEquals(Set.of("xai/grok-4"), model("xai/grok-4").aliases());
        // Equal duplicates merge: the prefixed deepseek-reasoner key is an alias of the bare one.
        assertEquals(Set.of("deepseek/deepseek-reasoner"), model("deepseek/deepseek-reasoner").aliases());
        // Differing duplicates keep the bare key's prices (2.8e-07 -> 0.28 and no cache-write rate).
        assertNull(model("deepseek/deepseek-chat").tokens().cacheWrite5m());
        assertEquals("BAAI/bge-base-en-v1.5", model("together_ai/BAAI/bge-base-en-v1.5").model());
    }

    @Test
    public void geminiTiersAbove200kAndTieredPricingRanges() {
        ModelPrice pro = model("gemini/gemini-2.5-pro");
        assertDecimal("1.25", pro.tokens().input());
        assertDecimal("10", pro.tokens().output());
        assertEquals(200_000, pro.tiers().get(0).aboveInputTokens());
        assertDecimal("2.5", pro.tiers().get(0).rates().input());
        assertDecimal("15", pro.tiers().get(0).rates().output());
        // gemini-2.5-flash prices reasoning apart from output.
        assertDecimal("2.5", model("vertex_ai-language-models/gemini-2.5-flash").tokens().reasoning());
        // dashscope/qwen-flash: tiered_pricing [0, 256000) 5e-08 / 4e-07, [256000, ...) 2.5e-07 / 2e-06.
        ModelPrice qwen = model("dashscope/qwen-flash");
        assertDecimal("0.05", qwen.tokens().input());
        assertDecimal("0.4", qwen.tokens().output());
        assertEquals(256_000, qwen.tiers().get(0).aboveInputTokens());
        assertDecimal("0.25", qwen.tiers().get(0).rates().input());
        assertDecimal("2", qwen.tiers().get(0).rates().output());
    }

    @Test
    public void imageSizeAndQualityEntriesBecomeImageRatesOfTheirModel() {
        ModelPrice dalle3 = model("openai/dall-e-3");
        assertEquals(Operation.IMAGE_GENERATION, dalle3.mode());
        Map<String, BigDecimal> rates = dalle3.images().stream()
                .collect(Collectors.toMap(r -> r.size() + " " + r.quality(), ImageRate::perImage));
        // dall-e-3 has input_cost_per_image 0.04: any size and quality.
        assertDecimal("0.04", rates.get("* *"));
        // Per-pixel rates times the pixels, exact; LiteLLM's per-pixel figures are rounded, so the
        // list prices $0.04 / $0.08 / $0.12 come out a little below:
        //   3.81469e-08 x 1024 x 1024 = 0.0399999238144
        //   7.629e-08   x 1024 x 1024 = 0.07999586304
        //   6.539e-08   x 1024 x 1792 = 0.11999117312
        assertDecimal("0.0399999238144", rates.get("1024x1024 standard"));
        assertDecimal("0.07999586304", rates.get("1024x1024 hd"));
        assertDecimal("0.11999117312", rates.get("1024x1792 hd"));
        // A size without a quality: 2.4414e-07 x 256 x 256 = 0.01599995904.
        assertDecimal("0.01599995904", model("openai/dall-e-2").images().stream()
                .filter(r -> r.size().equals("256x256")).findFirst().orElseThrow().perImage());

        ModelPrice gptImage = model("openai/gpt-image-1");
        assertDecimal("5", gptImage.tokens().input());
        assertDecimal("40", gptImage.tokens().output()); // output_cost_per_image_token
        Map<String, BigDecimal> gptRates = gptImage.images().stream()
                .collect(Collectors.toMap(r -> r.size() + " " + r.quality(), ImageRate::perImage));
        // A per-image price beats the per-pixel one given beside it.
        assertDecimal("0.011", gptRates.get("1024x1024 low"));
        assertDecimal("0.167", gptRates.get("1024x1024 high"));
    }

    @Test
    public void audioCharactersEmbeddingsAndRerankAreMapped() {
        ModelPrice whisper = model("openai/whisper-1");
        assertEquals(Operation.SPEECH_TO_TEXT, whisper.mode());
        // input and output per second are alternatives, never added: $0.0001 per second.
        assertDecimal("0.0001", whisper.perAudioSecond());
        assertNull(whisper.tokens());
        ModelPrice tts = model("openai/tts-1");
        assertEquals(Operation.TEXT_TO_SPEECH, tts.mode());
        assertDecimal("15", tts.perMillionCharacters()); // 1.5e-05 per character
        assertDecimal("30", model("openai/tts-1-hd").perMillionCharacters());
        ModelPrice embedding = model("openai/text-embedding-3-small");
        assertEquals(Operation.EMBEDDING, embedding.mode());
        assertDecimal("0.02", embedding.tokens().input());
        assertDecimal("0", embedding.tokens().output());
        assertDecimal("0.5", embedding.batchMultiplier());
        assertDecimal("0", model("mistral/mistral-embed").tokens().output()); // no output price: an embedding has none
        ModelPrice rerank = model("cohere/rerank-v3.5");
        assertEquals(Operation.RERANK, rerank.mode());
        assertDecimal("0.002", rerank.perRequest());
        assertNull("0/0 token prices beside a real price mean not billed by token", rerank.tokens());
    }

    @Test
    public void importedPricesQuoteLikeTheProvidersPublishedOnes() {
        PriceBook book = new PriceBook(PriceIndex.build(List.of(
                new RankedCatalogue("litellm", -10, 1, "test", result.prices()))));
        Instant now = Instant.parse("2026-08-01T00:00:00Z");
        // claude-sonnet-4 from LiteLLM, the worked example of WorkedExamplesTest: $0.285.
        Quote sonnet = book.quote("anthropic", "claude-sonnet-4-20250514", Usage.builder().inputTokens(100_000)
                .cacheReadTokens(50_000).cacheWriteTokens(30_000).cacheWrite1hTokens(10_000).outputTokens(5_000)
                .reasoningTokens(1_000).build(), now);
        assertDecimal("0.285", sonnet.exactCost());
        assertEquals("litellm", sonnet.catalogue());
        // Google's AI Studio prices under the host's provider id and LiteLLM's spelling alike.
        Usage longPrompt = Usage.builder().inputTokens(200_001).outputTokens(1_000).build();
        assertDecimal("0.5150025", book.quote("google", "gemini-2.5-pro", longPrompt, now).exactCost());
        assertDecimal("0.5150025", book.quote("gemini", "gemini/gemini-2.5-pro", longPrompt, now).exactCost());
        // A rejected entry is unknown, hence unpriced, never $0.
        assertEquals(PricingStatus.UNPRICED,
                book.quote("codestral", "codestral-latest", longPrompt, now).status());
    }

    @Test
    public void unreadableJsonIsRefusedNamingLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LiteLlmImporter()
                .read(new StringReader("{\n  \"gpt-4o\": {\n    \"input_cost_per_token\": 2.5e-06,,\n  }\n}"), "x",
                        IMPORTED_AT));
        assertTrue(e.getMessage(), e.getMessage().contains("line 3"));
        assertTrue(e.getMessage(), e.getMessage().contains("column"));
        assertThrows(IllegalArgumentException.class, () -> new LiteLlmImporter()
                .read(new StringReader("[1, 2]"), "x", IMPORTED_AT));
    }

    @Test
    public void negativeOrNonNumericPricesAreRejectedEntryByEntry() {
        LiteLlmImporter.Result small = new LiteLlmImporter().read(new StringReader("{"
                + "\"a\": {\"litellm_provider\": \"openai\", \"input_cost_per_token\": -1e-06, \"output_cost_per_token\": 1e-06},"
                + "\"b\": {\"litellm_provider\": \"openai\", \"input_cost_per_token\": \"abc\", \"output_cost_per_token\": 1e-06},"
                + "\"c\": {\"litellm_provider\": \"openai\", \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06},"
                + "\"d\": {\"litellm_provider\": \"openai\", \"input_cost_per_token\": 1e-06},"
                + "\"e\": \"not an entry\"}"), "x", IMPORTED_AT);
        Map<String, String> rejected = reasons(small.report().rejected());
        assertTrue(rejected.get("a"), rejected.get("a").contains("negative"));
        assertTrue(rejected.get("b"), rejected.get("b").contains("not a number"));
        assertTrue(rejected.get("d"), rejected.get("d").contains("without output_cost_per_token"));
        assertEquals(Set.of("e"), keys(small.report().skipped()));
        assertEquals(1, small.report().loaded());
    }

    private static Set<String> keys(List<ImportReport.Entry> entries) {
        return entries.stream().map(ImportReport.Entry::key).collect(Collectors.toSet());
    }

    private static Map<String, String> reasons(List<ImportReport.Entry> entries) {
        return entries.stream().collect(Collectors.toMap(ImportReport.Entry::key, ImportReport.Entry::reason));
    }
}
