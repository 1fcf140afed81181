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
 * A simulated OpenAI chat-completions provider. Its usage block is OpenAI's: prompt_tokens
 * include the cached ones (prompt_tokens_details.cached_tokens), completion_tokens include the
 * reasoning ones (completion_tokens_details.reasoning_tokens) for reasoning models.
 */
@Component(service = ChatProvider.class, property = ChatProvider.PROVIDER + "=openai",
        configurationPid = "org.atlas.budget.demo.openai")
@Designate(ocd = ProviderConfig.class)
public final class OpenAiStyleProvider extends SimulatedProvider {

    @Activate
    public OpenAiStyleProvider(BundleContext context, ProviderConfig config) {
        super(context, config);
    }

    @Deactivate
    void deactivate() {
        close();
    }

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    Completion<ChatReply> respond(ChatRequest request, String model) {
        long prompt = Simulation.promptTokens(request.prompt());
        // OpenAI caches in 128-token increments past the first 1,024 tokens of a repeated prompt.
        long cached = simulation.seenBefore(request.prompt()) && prompt >= 1024 ? (prompt / 128) * 128 - 128 : 0;
        long completion = Simulation.outputTokens(request.prompt(), model, request.maxOutputTokens());
        long reasoning = Simulation.reasons(model) ? completion / 2 : 0;
        String json = "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
                + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached
                + "},\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoning + "}}";
        Usage usage = Usage.builder().inputTokens(prompt).cacheReadTokens(cached).outputTokens(completion)
                .reasoningTokens(reasoning).build();
        return Completion.of(new ChatReply(request.requestId(), model, text(completion), json, usage), usage);
    }
}
