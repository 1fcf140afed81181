package org.atlas.budget.tracking.usage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.atlas.budget.api.model.Usage;
import org.junit.Test;

/**
 * Every provider's usage block, whole and streamed, from fixtures shaped like the providers'
 * documented responses, into the canonical usage (input includes cache reads and writes, output
 * includes reasoning).
 */
public class UsageFormatTest {

    static final Usage OPENAI_CHAT = Usage.builder().inputTokens(2006).cacheReadTokens(1920).outputTokens(300)
            .reasoningTokens(128).build();
    static final Usage OPENAI_RESPONSES = Usage.builder().inputTokens(328).cacheReadTokens(256).outputTokens(1052)
            .reasoningTokens(832).build();
    /** 50 uncached + 2,048 written + 10,000 read; half the writes with a one-hour lifetime. */
    static final Usage ANTHROPIC = Usage.builder().inputTokens(12_098).cacheReadTokens(10_000)
            .cacheWriteTokens(2048).cacheWrite1hTokens(1024).outputTokens(503).build();
    /** 800 candidate tokens + 1,200 thoughts, which Gemini counts apart from the candidates. */
    static final Usage GEMINI = Usage.builder().inputTokens(12_000).cacheReadTokens(8000).outputTokens(2000)
            .reasoningTokens(1200).build();

    public static String fixture(String name) {
        try (InputStream in = UsageFormatTest.class.getResourceAsStream("/usage/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds the data lines of an SSE fixture, as a host's SSE reader would. */
    static StreamUsage stream(UsageFormat format, String fixture) {
        StreamUsage stream = format.newStream();
        for (String line : fixture(fixture).split("\n")) {
            if (line.startsWith("data:")) {
                stream.accept(line);
            }
        }
        return stream;
    }

    @Test
    public void openAiChatCompletionKeepsCachedInsidePromptAndReasoningInsideCompletion() {
        assertEquals(OPENAI_CHAT, UsageFormat.OPENAI_CHAT.fromResponse(fixture("openai-chat.json")));
    }

    @Test
    public void openAiChatStreamTakesTheFinalUsageChunk() {
        StreamUsage stream = stream(UsageFormat.OPENAI_CHAT, "openai-chat-stream.sse");
        assertTrue(stream.finished());
        assertEquals(OPENAI_CHAT, stream.usage());
    }

    @Test
    public void openAiChatStreamWithoutIncludeUsageSaysWhatToRequest() {
        StreamUsage stream = UsageFormat.OPENAI_CHAT.newStream();
        stream.accept("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"hi\"}}]}");
        assertFalse(stream.hasUsage());
        assertEquals(Usage.NONE, stream.usageSoFar());
        IllegalStateException e = assertThrows(IllegalStateException.class, stream::usage);
        assertTrue(e.getMessage(), e.getMessage().contains("stream_options.include_usage"));
    }

    @Test
    public void openAiResponsesCountCachedAndReasoningDetails() {
        assertEquals(OPENAI_RESPONSES, UsageFormat.OPENAI_RESPONSES.fromResponse(fixture("openai-responses.json")));
    }

    @Test
    public void openAiResponsesStreamTakesResponseCompleted() {
        StreamUsage stream = stream(UsageFormat.OPENAI_RESPONSES, "openai-responses-stream.sse");
        assertTrue(stream.finished());
        assertEquals(OPENAI_RESPONSES, stream.usage());
    }

    @Test
    public void anthropicAddsCacheCreationAndReadToTheUncachedInput() {
        assertEquals(ANTHROPIC, UsageFormat.ANTHROPIC_MESSAGES.fromResponse(fixture("anthropic-message.json")));
    }

    @Test
    public void anthropicStreamTakesInputFromMessageStartAndCumulativeOutputFromMessageDelta() {
        StreamUsage stream = stream(UsageFormat.ANTHROPIC_MESSAGES, "anthropic-stream.sse");
        assertTrue(stream.finished());
        assertEquals(ANTHROPIC, stream.usage());
    }

    @Test
    public void anthropicStreamCancelledAfterMessageStartChargesWhatWasSeen() {
        StreamUsage stream = UsageFormat.ANTHROPIC_MESSAGES.newStream();
        String start = fixture("anthropic-stream.sse").lines().filter(l -> l.contains("message_start"))
                .filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
        stream.accept(start);
        assertFalse(stream.finished());
        assertEquals(12_098, stream.usageSoFar().inputTokens());
        assertEquals(1, stream.usageSoFar().outputTokens());
    }

    @Test
    public void geminiAddsThoughtsToCandidatesAndKeepsCachedContentInsidePrompt() {
        assertEquals(GEMINI, UsageFormat.GEMINI.fromResponse(fixture("gemini.json")));
    }

    @Test
    public void geminiStreamTakesTheLastUsageMetadata() {
        assertEquals(GEMINI, stream(UsageFormat.GEMINI, "gemini-stream.sse").usage());
    }

    @Test
    public void geminiToolUsePromptCountsAsInput() {
        Usage usage = UsageFormat.GEMINI.fromResponse("{\"usageMetadata\":{\"promptTokenCount\":100,"
                + "\"toolUsePromptTokenCount\":40,\"candidatesTokenCount\":10,\"totalTokenCount\":150}}");
        assertEquals(140, usage.inputTokens());
        assertEquals(10, usage.outputTokens());
    }

    // ------------------------------------------------------------------ bad input

    @Test
    public void negativeCountIsRejectedNamingTheField() {
        UsageFormatException e = assertThrows(UsageFormatException.class, () -> UsageFormat.OPENAI_CHAT
                .fromResponse("{\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":3}}"));
        assertEquals("usage.prompt_tokens must not be negative, was -1", e.getMessage());
    }

    @Test
    public void countBeyondLongIsRejectedNotWrapped() {
        UsageFormatException e = assertThrows(UsageFormatException.class, () -> UsageFormat.OPENAI_CHAT
                .fromResponse("{\"usage\":{\"prompt_tokens\":9223372036854775808,\"completion_tokens\":3}}"));
        assertEquals("usage.prompt_tokens must be a whole number that fits a long, was 9223372036854775808",
                e.getMessage());
    }

    @Test
    public void fractionalCountIsRejected() {
        UsageFormatException e = assertThrows(UsageFormatException.class, () -> UsageFormat.GEMINI
                .fromResponse("{\"usageMetadata\":{\"promptTokenCount\":10.5}}"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("usageMetadata.promptTokenCount must be a whole number"));
    }

    @Test
    public void anthropicSumThatOverflowsIsRejected() {
        UsageFormatException e = assertThrows(UsageFormatException.class, () -> UsageFormat.ANTHROPIC_MESSAGES
                .fromResponse("{\"usage\":{\"input_tokens\":9223372036854775807,\"cache_read_input_tokens\":1,"
                        + "\"output_tokens\":1}}"));
        assertTrue(e.getMessage(), e.getMessage().contains("overflows"));
    }

    @Test
    public void cachedAbovePromptIsInconsistent() {
        UsageFormatException e = assertThrows(UsageFormatException.class, () -> UsageFormat.OPENAI_CHAT
                .fromResponse("{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":11}}}"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("OPENAI_CHAT usage is inconsistent: cacheReadTokens (11)"));
    }

    @Test
    public void reasoningAboveOutputIsInconsistent() {
        UsageFormatException e = assertThrows(UsageFormatException.class, () -> UsageFormat.OPENAI_RESPONSES
                .fromResponse("{\"usage\":{\"input_tokens\":10,\"output_tokens\":3,"
                        + "\"output_tokens_details\":{\"reasoning_tokens\":4}}}"));
        assertTrue(e.getMessage(), e.getMessage().contains("reasoningTokens (4) must not exceed outputTokens (3)"));
    }

    @Test
    public void anthropicCacheLifetimesThatDoNotAddUpAreInconsistent() {
        UsageFormatException e = assertThrows(UsageFormatException.class, () -> UsageFormat.ANTHROPIC_MESSAGES
                .fromResponse("{\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":100,"
                        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":50,\"ephemeral_1h_input_tokens\":60},"
                        + "\"output_tokens\":1}}"));
        assertTrue(e.getMessage(), e.getMessage().contains("must equal usage.cache_creation_input_tokens (100)"));
    }

    @Test
    public void missingUsageAndBrokenJsonAreNamed() {
        assertEquals("usage is missing", assertThrows(UsageFormatException.class,
                () -> UsageFormat.OPENAI_CHAT.fromResponse("{\"id\":\"x\"}")).getMessage());
        assertEquals("usage.completion_tokens is missing", assertThrows(UsageFormatException.class,
                () -> UsageFormat.OPENAI_CHAT.fromResponse("{\"usage\":{\"prompt_tokens\":1}}")).getMessage());
        assertTrue(assertThrows(UsageFormatException.class, () -> UsageFormat.GEMINI.fromResponse("{not json"))
                .getMessage().startsWith("the GEMINI response is not valid JSON"));
        assertEquals("usage.output_tokens must be a number, was \"12\"", assertThrows(UsageFormatException.class,
                () -> UsageFormat.ANTHROPIC_MESSAGES.fromResponse("{\"usage\":{\"input_tokens\":1,\"output_tokens\":\"12\"}}"))
                .getMessage());
    }

    @Test
    public void anthropicDeltaBeforeStartIsRejected() {
        StreamUsage stream = UsageFormat.ANTHROPIC_MESSAGES.newStream();
        assertThrows(UsageFormatException.class,
                () -> stream.accept("{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5}}"));
    }
}
