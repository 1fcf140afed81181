package org.atlas.budget.pricing.internal.quote;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what models can do, across catalogues that spell the same capability differently.
 *
 * <p>The catalogue format's example says {@code tools}; LiteLLM's flag becomes
 * {@code function-calling}. Comparing raw strings would make every LiteLLM model look unable to
 * replace a curated one, so names are folded to one spelling before the superset test.
 */
final class Capabilities {

    private static final Map<String, String> SYNONYMS = Map.of(
            "function-calling", "tools",
            "function-call", "tools",
            "tool-use", "tools",
            "tool-calling", "tools",
            "image-input", "vision",
            "caching", "prompt-caching");

    private Capabilities() {
    }

    static Set<String> canonical(Set<String> capabilities) {
        Set<String> result = new TreeSet<>();
        for (String capability : capabilities) {
            String name = capability.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            result.add(SYNONYMS.getOrDefault(name, name));
        }
        return result;
    }

    /** Whether {@code candidate} can do at least everything {@code original} can. */
    static boolean covers(Set<String> candidate, Set<String> original) {
        return canonical(candidate).containsAll(canonical(original));
    }
}
