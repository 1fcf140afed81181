package org.atlas.budget.manager.internal.core;

import java.math.BigDecimal;

import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.Usage;

/**
 * Prices a call of an unknown model at a policy's fallback token rates (per 1M tokens), exactly.
 * Fallback rates price tokens only: a call that also used images, audio or characters has no
 * fallback price, and {@link #cost} answers {@code null}.
 */
final class FallbackPricing {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private FallbackPricing() {
    }

    static BigDecimal cost(TokenRates rates, Usage usage) {
        if (!usage.images().isEmpty() || usage.audioSeconds().signum() > 0 || usage.characters() > 0) {
            return null;
        }
        BigDecimal total = rates.input().multiply(BigDecimal.valueOf(usage.uncachedInputTokens()))
                .add(rates.effectiveCacheRead().multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(rates.effectiveCacheWrite5m().multiply(BigDecimal.valueOf(usage.cacheWrite5mTokens())))
                .add(rates.effectiveCacheWrite1h().multiply(BigDecimal.valueOf(usage.cacheWrite1hTokens())))
                .add(rates.output().multiply(BigDecimal.valueOf(usage.visibleOutputTokens())))
                .add(rates.effectiveReasoning().multiply(BigDecimal.valueOf(usage.reasoningTokens())));
        return total.divide(MILLION);
    }
}
