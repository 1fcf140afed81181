package org.atlas.budget.demo.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Deterministic token counts for the simulated providers: the same prompt and model always give
 * the same figures, so tests can predict costs. A prompt seen before by the same provider is
 * served partly from its prompt cache, as real providers do for repeated prefixes.
 */
final class Simulation {

    private final Set<Long> seenPrompts = ConcurrentHashMap.newKeySet();

    /** About four characters per token, plus a fixed overhead for the chat template. */
    static long promptTokens(String prompt) {
        return 8 + (prompt.length() + 3) / 4;
    }

    /** Between 20 and 219 tokens, never above the request's maximum. */
    static long outputTokens(String prompt, String model, int maxOutputTokens) {
        return Math.min(maxOutputTokens, 20 + hash(prompt + "|" + model) % 200);
    }

    static boolean reasons(String model) {
        return model.startsWith("o1") || model.startsWith("o3") || model.startsWith("o4") || model.startsWith("gpt-5")
                || model.contains("thinking");
    }

    /** Whether this prompt was seen before; remembers it either way. */
    boolean seenBefore(String prompt) {
        return !seenPrompts.add(hash(prompt));
    }

    private static long hash(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
