package org.atlas.budget.demo.internal;

import org.atlas.budget.api.guard.Completion;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.demo.ChatProvider;
import org.atlas.budget.demo.ChatReply;
import org.atlas.budget.demo.ChatRequest;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A simulated Anthropic messages provider. Its usage block is Anthropic's: input_tokens count
 * only the uncached prompt, cache_creation_input_tokens and cache_read_input_tokens come on top;
 * the canonical input is their sum. A long prompt is written to the cache the first time and read
 * from it afterwards. Replies can stream (see {@link SimulatedProvider}).
 */
@Component(service = ChatProvider.class, property = ChatProvider.PROVIDER + "=anthropic",
        configurationPid = "org.atlas.budget.demo.anthropic")
@Designate(ocd = ProviderConfig.class)
public final class AnthropicStyleProvider extends SimulatedProvider {

    /** Anthropic caches prompts of at least 1,024 tokens (Sonnet/Opus). */
    static final long MIN_CACHEABLE = 1024;

    @Activate
    public AnthropicStyleProvider(BundleContext context, ProviderConfig config) {
        super(context, config);
    }

    @Deactivate
    void deactivate() {
        close();
    }

    @Override
    public String provider() {
        return "anthropic";
    }

    @Override
    Completion<ChatReply> respond(ChatRequest request, String model) {
        long prompt = Simulation.promptTokens(request.prompt());
        long cacheable = prompt >= MIN_CACHEABLE ? prompt - 8 : 0; // all but the template overhead
        boolean seen = simulation.seenBefore(request.prompt());
        long cacheWrite = cacheable > 0 && !seen ? cacheable : 0;
        long cacheRead = cacheable > 0 && seen ? cacheable : 0;
        long uncached = prompt - cacheWrite - cacheRead;
        long output = Simulation.outputTokens(request.prompt(), model, request.maxOutputTokens());
        String json = "{\"input_tokens\":" + uncached + ",\"cache_creation_input_tokens\":" + cacheWrite
                + ",\"cache_read_input_tokens\":" + cacheRead + ",\"output_tokens\":" + output + "}";
        Usage usage = Usage.builder().inputTokens(prompt).cacheWriteTokens(cacheWrite).cacheReadTokens(cacheRead)
                .outputTokens(output).build();
        return Completion.of(new ChatReply(request.requestId(), model, text(output), json, usage), usage);
    }
}
