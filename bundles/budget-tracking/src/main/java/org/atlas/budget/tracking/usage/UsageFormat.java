package org.atlas.budget.tracking.usage;

import org.atlas.budget.api.model.Usage;

import com.google.gson.JsonObject;

/**
 * The usage blocks of provider responses, each turned into the canonical {@link Usage}: input
 * tokens include cache reads and writes, output tokens include reasoning, and {@code requests}
 * is 1 (one call).
 *
 * <p>How each provider counts, and what is done about it:
 * <ul>
 * <li>{@link #OPENAI_CHAT}: {@code usage.prompt_tokens} already includes
 * {@code prompt_tokens_details.cached_tokens}, and {@code completion_tokens} already includes
 * {@code completion_tokens_details.reasoning_tokens}; they are taken as they are. OpenAI does not
 * bill cache writes.</li>
 * <li>{@link #OPENAI_RESPONSES}: the same with {@code input_tokens},
 * {@code input_tokens_details.cached_tokens}, {@code output_tokens} and
 * {@code output_tokens_details.reasoning_tokens}.</li>
 * <li>{@link #ANTHROPIC_MESSAGES}: {@code usage.input_tokens} counts only the uncached prompt;
 * {@code cache_creation_input_tokens} and {@code cache_read_input_tokens} are added to it. The
 * one-hour part of the cache writes comes from {@code cache_creation.ephemeral_1h_input_tokens}.
 * Extended thinking is billed inside {@code output_tokens} and not reported apart, so reasoning
 * is 0.</li>
 * <li>{@link #GEMINI}: {@code usageMetadata.promptTokenCount} includes
 * {@code cachedContentTokenCount}; {@code toolUsePromptTokenCount} is added to the input;
 * {@code thoughtsTokenCount} is <em>not</em> part of {@code candidatesTokenCount}, so output is
 * their sum and reasoning is the thoughts.</li>
 * </ul>
 */
public enum UsageFormat {

    /** OpenAI Chat Completions ({@code POST /v1/chat/completions}). */
    OPENAI_CHAT {
        @Override
        public Usage fromResponse(JsonObject response) {
            JsonObject usage = Counts.requiredObject(response, "usage", "");
            return openAiChatUsage(usage);
        }
    },

    /** OpenAI Responses ({@code POST /v1/responses}). */
    OPENAI_RESPONSES {
        @Override
        public Usage fromResponse(JsonObject response) {
            JsonObject usage = Counts.requiredObject(response, "usage", "");
            return openAiResponsesUsage(usage);
        }
    },

    /** Anthropic Messages ({@code POST /v1/messages}). */
    ANTHROPIC_MESSAGES {
        @Override
        public Usage fromResponse(JsonObject message) {
            JsonObject usage = Counts.requiredObject(message, "usage", "");
            return anthropicUsage(usage);
        }
    },

    /** Google Gemini {@code generateContent} (Gemini API and Vertex AI). */
    GEMINI {
        @Override
        public Usage fromResponse(JsonObject response) {
            JsonObject metadata = Counts.requiredObject(response, "usageMetadata", "");
            return geminiUsage(metadata);
        }
    };

    /**
     * The usage of a whole (non-streamed) response.
     *
     * @throws UsageFormatException when the usage is missing, malformed or inconsistent
     */
    public abstract Usage fromResponse(JsonObject response);

    /** The usage of a whole response given as JSON text. */
    public Usage fromResponse(String responseJson) {
        return fromResponse(Counts.parse(responseJson, "the " + this + " response"));
    }

    /** A fresh accumulator for one streamed response of this format. */
    public StreamUsage newStream() {
        return new StreamUsage(this);
    }

    static Usage openAiChatUsage(JsonObject usage) {
        String path = "usage.";
        long prompt = Counts.required(usage, "prompt_tokens", path);
        long completion = Counts.required(usage, "completion_tokens", path);
        long cached = Counts.optional(Counts.object(usage, "prompt_tokens_details", path), "cached_tokens",
                path + "prompt_tokens_details.");
        long reasoning = Counts.optional(Counts.object(usage, "completion_tokens_details", path), "reasoning_tokens",
                path + "completion_tokens_details.");
        return build(OPENAI_CHAT, prompt, cached, 0, 0, completion, reasoning);
    }

    static Usage openAiResponsesUsage(JsonObject usage) {
        String path = "usage.";
        long input = Counts.required(usage, "input_tokens", path);
        long output = Counts.required(usage, "output_tokens", path);
        long cached = Counts.optional(Counts.object(usage, "input_tokens_details", path), "cached_tokens",
                path + "input_tokens_details.");
        long reasoning = Counts.optional(Counts.object(usage, "output_tokens_details", path), "reasoning_tokens",
                path + "output_tokens_details.");
        return build(OPENAI_RESPONSES, input, cached, 0, 0, output, reasoning);
    }

    static Usage anthropicUsage(JsonObject usage) {
        return anthropic(usage, Counts.required(usage, "input_tokens", "usage."),
                Counts.required(usage, "output_tokens", "usage."));
    }

    /** Anthropic counts with the uncached input and output given (a stream carries them apart). */
    static Usage anthropic(JsonObject usage, long uncachedInput, long output) {
        String path = "usage.";
        long cacheWrite = Counts.optional(usage, "cache_creation_input_tokens", path);
        long cacheRead = Counts.optional(usage, "cache_read_input_tokens", path);
        JsonObject byLifetime = Counts.object(usage, "cache_creation", path);
        long oneHour = Counts.optional(byLifetime, "ephemeral_1h_input_tokens", path + "cache_creation.");
        if (byLifetime != null) {
            long fiveMinutes = Counts.optional(byLifetime, "ephemeral_5m_input_tokens", path + "cache_creation.");
            long split = Counts.sum("usage.cache_creation", fiveMinutes, oneHour);
            if (split != cacheWrite) {
                throw new UsageFormatException("usage.cache_creation.ephemeral_5m_input_tokens (" + fiveMinutes
                        + ") + ephemeral_1h_input_tokens (" + oneHour + ") must equal"
                        + " usage.cache_creation_input_tokens (" + cacheWrite + ")");
            }
        }
        long input = Counts.sum("usage.input_tokens + cache_creation_input_tokens + cache_read_input_tokens",
                uncachedInput, cacheWrite, cacheRead);
        return build(ANTHROPIC_MESSAGES, input, cacheRead, cacheWrite, oneHour, output, 0);
    }

    static Usage geminiUsage(JsonObject metadata) {
        String path = "usageMetadata.";
        long prompt = Counts.optional(metadata, "promptTokenCount", path);
        long toolPrompt = Counts.optional(metadata, "toolUsePromptTokenCount", path);
        long cached = Counts.optional(metadata, "cachedContentTokenCount", path);
        long candidates = Counts.optional(metadata, "candidatesTokenCount", path);
        long thoughts = Counts.optional(metadata, "thoughtsTokenCount", path);
        if (!Counts.has(metadata, "promptTokenCount")) {
            throw new UsageFormatException(path + "promptTokenCount is missing");
        }
        return build(GEMINI, Counts.sum(path + "promptTokenCount + toolUsePromptTokenCount", prompt, toolPrompt),
                cached, 0, 0, Counts.sum(path + "candidatesTokenCount + thoughtsTokenCount", candidates, thoughts),
                thoughts);
    }

    /** Builds the canonical usage; its subset rules turn inconsistent counts into a clear error. */
    private static Usage build(UsageFormat format, long input, long cacheRead, long cacheWrite, long cacheWrite1h,
            long output, long reasoning) {
        try {
            return Usage.builder().inputTokens(input).cacheReadTokens(cacheRead).cacheWriteTokens(cacheWrite)
                    .cacheWrite1hTokens(cacheWrite1h).outputTokens(output).reasoningTokens(reasoning).requests(1)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageFormatException(format + " usage is inconsistent: " + e.getMessage(), e);
        }
    }
}
