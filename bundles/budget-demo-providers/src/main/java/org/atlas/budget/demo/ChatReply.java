package org.atlas.budget.demo;

import org.atlas.budget.api.model.Usage;

/**
 * A provider's reply.
 *
 * @param requestId the request it answers
 * @param model     the model that answered (another one than asked after a DOWNGRADE)
 * @param text      the generated text
 * @param usageJson the usage block as the provider's API shapes it
 * @param usage     the same usage in Atlas Budget's canonical model
 */
public record ChatReply(String requestId, String model, String text, String usageJson, Usage usage) {
}
