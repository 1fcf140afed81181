package org.atlas.budget.tracking.usage;

import org.atlas.budget.api.model.Usage;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Accumulates the usage of one streamed response from its server-sent events, fed in order
 * (the JSON of each {@code data:} line). Not thread-safe: one accumulator per stream.
 *
 * <ul>
 * <li>OpenAI chat: the request must set {@code stream_options.include_usage}; the last chunk
 * then has an empty {@code choices} and the {@code usage} of the whole call (the other chunks carry
 * {@code "usage": null}).</li>
 * <li>OpenAI responses: the {@code response.completed} (or {@code response.incomplete},
 * {@code response.failed}) event carries the final response with its {@code usage}.</li>
 * <li>Anthropic: {@code message_start} carries the input counts; every {@code message_delta}
 * carries cumulative counts (at least {@code output_tokens}) that replace the earlier ones.</li>
 * <li>Gemini: every chunk may carry {@code usageMetadata}, cumulative; the last one is the
 * call's.</li>
 * </ul>
 * What has been seen so far is available before the stream ends, so a cancelled stream can
 * still be charged for what it consumed.
 */
public final class StreamUsage {

    private final UsageFormat format;
    private Usage usage;
    /** Anthropic: the latest usage object, merged field by field as deltas arrive. */
    private JsonObject anthropic;
    private boolean finished;

    StreamUsage(UsageFormat format) {
        this.format = format;
    }

    public UsageFormat format() {
        return format;
    }

    /**
     * Feeds one event: its JSON, optionally with the {@code data:} prefix of its SSE line.
     * {@code [DONE]} and blank payloads are ignored.
     */
    public StreamUsage accept(String data) {
        if (data == null) {
            return this;
        }
        String payload = data.strip();
        if (payload.startsWith("data:")) {
            payload = payload.substring("data:".length()).strip();
        }
        if (payload.isEmpty() || payload.equals("[DONE]")) {
            return this;
        }
        return accept(Counts.parse(payload, "a " + format + " stream event"));
    }

    /** Feeds one event as parsed JSON. */
    public StreamUsage accept(JsonObject event) {
        switch (format) {
            case OPENAI_CHAT -> {
                JsonObject block = Counts.object(event, "usage", "");
                if (block != null) {
                    usage = UsageFormat.openAiChatUsage(block);
                    finished = true;
                }
            }
            case OPENAI_RESPONSES -> {
                JsonObject response = Counts.object(event, "response", "");
                JsonObject block = response == null ? null : Counts.object(response, "usage", "response.");
                if (block != null) {
                    usage = UsageFormat.openAiResponsesUsage(block);
                    String type = text(event, "type");
                    finished |= "response.completed".equals(type) || "response.incomplete".equals(type)
                            || "response.failed".equals(type);
                }
            }
            case ANTHROPIC_MESSAGES -> acceptAnthropic(event);
            case GEMINI -> {
                JsonObject block = Counts.object(event, "usageMetadata", "");
                if (block != null) {
                    usage = UsageFormat.geminiUsage(block);
                }
            }
        }
        return this;
    }

    private void acceptAnthropic(JsonObject event) {
        String type = text(event, "type");
        JsonObject block = null;
        if ("message_start".equals(type)) {
            JsonObject message = Counts.requiredObject(event, "message", "message_start.");
            block = Counts.requiredObject(message, "usage", "message_start.message.");
            anthropic = block.deepCopy();
        } else if ("message_delta".equals(type)) {
            block = Counts.object(event, "usage", "message_delta.");
            if (block != null) {
                if (anthropic == null) {
                    throw new UsageFormatException("message_delta with usage before message_start");
                }
                for (var entry : block.entrySet()) {
                    if (!entry.getValue().isJsonNull()) {
                        anthropic.add(entry.getKey(), entry.getValue().deepCopy());
                    }
                }
            }
        } else if ("message_stop".equals(type)) {
            finished = true;
        }
        if (block != null) {
            usage = UsageFormat.anthropic(anthropic, Counts.optional(anthropic, "input_tokens", "usage."),
                    Counts.optional(anthropic, "output_tokens", "usage."));
        }
    }

    private static String text(JsonObject event, String name) {
        JsonElement element = event.get(name);
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }

    /** Whether any usage has been seen yet. */
    public boolean hasUsage() {
        return usage != null;
    }

    /** Whether the event that ends the stream with its final usage has been seen (not for Gemini, which has none). */
    public boolean finished() {
        return finished;
    }

    /**
     * The usage seen so far: the call's final usage once the stream has ended.
     *
     * @throws IllegalStateException when no event carried usage
     */
    public Usage usage() {
        if (usage == null) {
            throw new IllegalStateException("no usage seen in the " + format + " stream"
                    + (format == UsageFormat.OPENAI_CHAT ? "; request it with stream_options.include_usage = true" : ""));
        }
        return usage;
    }

    /** The usage seen so far, or {@link Usage#NONE} when none was (e.g. to abort a cancelled call). */
    public Usage usageSoFar() {
        return usage == null ? Usage.NONE : usage;
    }
}
