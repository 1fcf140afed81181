package org.atlas.budget.demo;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A (simulated) chat provider of the demo host. Service property {@value #PROVIDER} names it.
 * Every call runs through Atlas Budget's {@code BudgetGuard}.
 */
@ProviderType
public interface ChatProvider {

    String PROVIDER = "atlas.demo.provider";

    String provider();

    /**
     * @throws org.atlas.budget.api.guard.BudgetDeniedException a policy refused the call
     * @throws org.atlas.budget.api.BudgetUnavailableException  Atlas Budget could not decide
     * @throws java.util.concurrent.CancellationException       the client cancelled the stream
     */
    ChatReply chat(ChatRequest request) throws Exception;
}
