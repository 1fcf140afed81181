package org.atlas.budget.pricing.internal.litellm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.atlas.budget.pricing.internal.index.ProviderAliases;

/**
 * What a LiteLLM map key says besides the model id.
 *
 * <p>LiteLLM keys carry up to three extra leading segments: a provider prefix
 * ({@code gemini/gemini-2.5-pro}, {@code xai/grok-4}), an image size ({@code 1024-x-1792}) and an
 * image quality or step count ({@code hd}, {@code high}, {@code 50-steps}), in any order
 * ({@code azure/hd/1024-x-1024/dall-e-3}). The provider prefix is removed from the model id and
 * kept as an alias, so both spellings resolve; a key with a size or quality is not a model of its
 * own but one image rate of the model it names.
 *
 * @param model   the model id, without the leading segments
 * @param alias   the whole key when a provider prefix was removed from a model entry, else {@code null}
 * @param size    the image size as {@code 1024x1792}, or {@code null}
 * @param quality the image quality, lower case, or {@code null}
 */
record LiteLlmKey(String model, String alias, String size, String quality) {

    private static final Pattern SIZE = Pattern.compile("\\d+-x-\\d+");
    private static final Set<String> QUALITIES = Set.of("standard", "hd", "low", "medium", "high", "auto");

    /** Whether this key is an image rate of another model rather than a model. */
    boolean isImageVariant() {
        return size != null || quality != null;
    }

    static LiteLlmKey parse(String key, String provider) {
        String[] segments = key.split("/", -1);
        String size = null;
        String quality = null;
        boolean prefixRemoved = false;
        int first = 0;
        while (first < segments.length - 1) {
            String segment = segments[first];
            String lower = segment.toLowerCase(Locale.ROOT);
            if (size == null && SIZE.matcher(lower).matches()) {
                size = lower.replace("-x-", "x");
            } else if (quality == null && (QUALITIES.contains(lower) || lower.endsWith("-steps"))) {
                quality = lower;
            } else if (!prefixRemoved && isProviderPrefix(lower, provider)) {
                prefixRemoved = true;
            } else {
                break;
            }
            first++;
        }
        String model = String.join("/", Arrays.asList(segments).subList(first, segments.length)).strip();
        boolean variant = size != null || quality != null;
        return new LiteLlmKey(model, prefixRemoved && !variant ? key : null, size, quality);
    }

    /**
     * A segment names the entry's provider when it is the provider or a provider of its
     * {@link ProviderAliases family} ({@code vertex_ai/claude-sonnet-4} under
     * {@code vertex_ai-anthropic_models}).
     */
    private static boolean isProviderPrefix(String segment, String provider) {
        return ProviderAliases.candidates(provider).contains(segment);
    }
}
