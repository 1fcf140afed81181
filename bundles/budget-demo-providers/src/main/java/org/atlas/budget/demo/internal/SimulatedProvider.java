package org.atlas.budget.demo.internal;

import java.time.Duration;
import java.time.Instant;

import org.atlas.budget.api.guard.BudgetGuard;
import org.atlas.budget.api.guard.CallContext;
import org.atlas.budget.api.guard.Completion;
import org.atlas.budget.api.guard.FailMode;
import org.atlas.budget.api.guard.GuardConfig;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.demo.ChatProvider;
import org.atlas.budget.demo.ChatReply;
import org.atlas.budget.demo.ChatRequest;
import org.osgi.framework.BundleContext;

/**
 * What every simulated provider shares: the guard, and the shape of a call. A real host
 * provider bundle looks the same: it builds an AdmissionRequest from its own request, calls
 * its API with {@code ctx.model()}, and returns the provider's usage in the canonical model.
 */
abstract class SimulatedProvider implements ChatProvider {

    static final int CHUNK_TOKENS = 16;

    private final BudgetGuard guard;
    final Simulation simulation = new Simulation();

    SimulatedProvider(BundleContext context, ProviderConfig config) {
        this.guard = new BudgetGuard(context, new GuardConfig(FailMode.valueOf(config.failMode().strip().toUpperCase()),
                Duration.ofMillis(config.maxThrottleWaitMillis()), config.maxThrottleWaitMillis() > 0 ? 3 : 0,
                config.acceptDowngrade()));
    }

    void close() {
        guard.close();
    }

    @Override
    public ChatReply chat(ChatRequest request) throws Exception {
        long worstInput = Simulation.promptTokens(request.prompt());
        AdmissionRequest admission = new AdmissionRequest(request.requestId(), provider(), request.model(),
                Operation.CHAT, request.dimensions(),
                Usage.builder().inputTokens(worstInput).outputTokens(request.maxOutputTokens()).build(), Instant.now());
        return guard.call(admission, ctx -> request.stream() ? stream(request, ctx) : respond(request, ctx.model()));
    }

    /** A whole reply at once. */
    abstract Completion<ChatReply> respond(ChatRequest request, String model);

    /**
     * A streamed reply: the usage so far is reported after every chunk, so a cancelled stream is
     * charged for what it consumed.
     */
    private Completion<ChatReply> stream(ChatRequest request, CallContext ctx) {
        Completion<ChatReply> whole = respond(request, ctx.model());
        Usage total = whole.usage();
        long chunks = (total.outputTokens() + CHUNK_TOKENS - 1) / CHUNK_TOKENS;
        for (long chunk = 1; chunk <= chunks; chunk++) {
            long output = Math.min(total.outputTokens(), chunk * CHUNK_TOKENS);
            long reasoning = Math.min(total.reasoningTokens(), output);
            ctx.consumed(Usage.builder().inputTokens(total.inputTokens()).cacheReadTokens(total.cacheReadTokens())
                    .cacheWriteTokens(total.cacheWriteTokens()).outputTokens(output).reasoningTokens(reasoning)
                    .build());
            if (request.cancelAfterChunks() > 0 && chunk == request.cancelAfterChunks() && chunk < chunks) {
                throw new java.util.concurrent.CancellationException("the client cancelled the stream after "
                        + chunk + " chunks");
            }
        }
        return whole;
    }

    static String text(long tokens) {
        return "simulated reply of " + tokens + " tokens";
    }
}
