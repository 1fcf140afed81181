package org.atlas.budget.pricing.internal.index;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Provider ids that name the same price list under another spelling.
 *
 * <p>Hosts say {@code google}; LiteLLM files Google's prices under {@code gemini} (AI Studio) and
 * {@code vertex_ai-language-models} (Vertex), and Vertex's partner models under
 * {@code vertex_ai-anthropic_models} and friends. Without this table a host asking for
 * {@code google/gemini-2.5-pro} would get UNPRICED although the price is loaded. The table is
 * explicit and closed on purpose: provider ids are never matched by prefix, so a new provider
 * {@code vertex_ai-foo} is not silently priced as Vertex until it is listed here.
 *
 * <p>Within a family the asked provider comes first, then the others in the listed order; the
 * first provider that knows the model wins. A model id prefixed with a provider of the family
 * ({@code gemini/gemini-2.5-pro} asked under {@code google}) has the prefix removed.
 */
public final class ProviderAliases {

    private static final List<List<String>> FAMILIES = List.of(
            List.of("google", "gemini", "vertex_ai-language-models"),
            List.of("vertex_ai", "vertex_ai-language-models", "vertex_ai-anthropic_models",
                    "vertex_ai-mistral_models", "vertex_ai-llama_models", "vertex_ai-ai21_models",
                    "vertex_ai-deepseek_models", "vertex_ai-qwen_models", "vertex_ai-openai_models",
                    "vertex_ai-zai_models", "vertex_ai-minimax_models", "vertex_ai-moonshot_models",
                    "vertex_ai-embedding-models", "vertex_ai-image-models", "vertex_ai-text-models",
                    "vertex_ai-video-models"),
            List.of("openai", "text-completion-openai"),
            List.of("mistral", "codestral", "text-completion-codestral"),
            List.of("cohere", "cohere_chat"),
            List.of("bedrock", "bedrock_converse"),
            List.of("azure", "azure_text"),
            List.of("fireworks_ai", "fireworks_ai-embedding-models"));

    /**
     * The answer for every provider named in a family, worked out once: every quote resolves its
     * model through here, and building the list per quote was a measurable part of a quote.
     */
    private static final Map<String, List<String>> FAMILY_CANDIDATES = familyCandidates();

    private ProviderAliases() {
    }

    /** The asked provider first, then every provider sharing a family with it; immutable. */
    public static List<String> candidates(String provider) {
        String asked = provider.strip().toLowerCase(Locale.ROOT);
        List<String> known = FAMILY_CANDIDATES.get(asked);
        return known != null ? known : List.of(asked);
    }

    private static Map<String, List<String>> familyCandidates() {
        Map<String, List<String>> result = new HashMap<>();
        for (List<String> family : FAMILIES) {
            for (String member : family) {
                result.computeIfAbsent(member, ProviderAliases::collect);
            }
        }
        return Map.copyOf(result);
    }

    private static List<String> collect(String asked) {
        Set<String> result = new LinkedHashSet<>();
        result.add(asked);
        for (List<String> family : FAMILIES) {
            if (family.contains(asked)) {
                result.addAll(family);
            }
        }
        return List.copyOf(result);
    }
}
