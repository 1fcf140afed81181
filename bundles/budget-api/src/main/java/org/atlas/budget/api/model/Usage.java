package org.atlas.budget.api.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * The canonical usage of one provider call: one model for every provider.
 *
 * <p>The subset rules, enforced here, are those of guarantee 8 of the design:
 * <ul>
 * <li>{@code inputTokens} counts every prompt token, <em>including</em> cache reads and cache
 * writes: {@code cacheReadTokens + cacheWriteTokens <= inputTokens};</li>
 * <li>{@code cacheWrite1hTokens} is the part of {@code cacheWriteTokens} written with a one-hour
 * lifetime (Anthropic prices those higher than five-minute writes);</li>
 * <li>{@code outputTokens} counts every generated token, <em>including</em> reasoning tokens:
 * {@code reasoningTokens <= outputTokens}.</li>
 * </ul>
 * Provider-specific usage blocks are normalised into this shape in one place (the tracking
 * bundle), never by callers.
 *
 * @param inputTokens        all prompt tokens, cache reads and writes included
 * @param cacheReadTokens    prompt tokens served from the prompt cache
 * @param cacheWriteTokens   prompt tokens written to the prompt cache (all lifetimes)
 * @param cacheWrite1hTokens of the cache writes, those with a one-hour lifetime
 * @param outputTokens       all generated tokens, reasoning included
 * @param reasoningTokens    generated tokens spent on reasoning
 * @param images             images generated or edited
 * @param audioSeconds       seconds of audio (transcribed or generated), exact
 * @param characters         characters of text (text-to-speech input)
 * @param requests           billable requests (for per-request prices)
 */
public record Usage(long inputTokens, long cacheReadTokens, long cacheWriteTokens, long cacheWrite1hTokens,
        long outputTokens, long reasoningTokens, List<ImageUsage> images, BigDecimal audioSeconds,
        long characters, long requests) {

    /** Nothing used. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, List.of(), BigDecimal.ZERO, 0, 0);

    public Usage {
        Checks.nonNegative(inputTokens, "inputTokens");
        Checks.nonNegative(cacheReadTokens, "cacheReadTokens");
        Checks.nonNegative(cacheWriteTokens, "cacheWriteTokens");
        Checks.nonNegative(cacheWrite1hTokens, "cacheWrite1hTokens");
        Checks.nonNegative(outputTokens, "outputTokens");
        Checks.nonNegative(reasoningTokens, "reasoningTokens");
        Checks.nonNegative(characters, "characters");
        Checks.nonNegative(requests, "requests");
        images = List.copyOf(Checks.required(images, "images"));
        Checks.nonNegative(audioSeconds, "audioSeconds");
        if (audioSeconds.stripTrailingZeros().scale() > Money.SCALE) {
            throw new IllegalArgumentException("audioSeconds must have at most " + Money.SCALE + " decimal places");
        }
        // One representation per value (1.5, never 1.50 or 1.500000000), so that equals() agrees
        // with compareTo() and a usage read back from a store equals the one recorded.
        audioSeconds = audioSeconds.signum() == 0 ? BigDecimal.ZERO : audioSeconds.stripTrailingZeros();
        if (audioSeconds.scale() < 0) {
            audioSeconds = audioSeconds.setScale(0);
        }
        long cached;
        try {
            cached = Math.addExact(cacheReadTokens, cacheWriteTokens);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cacheReadTokens + cacheWriteTokens overflows", e);
        }
        if (cached > inputTokens) {
            throw new IllegalArgumentException("cacheReadTokens (" + cacheReadTokens + ") + cacheWriteTokens ("
                    + cacheWriteTokens + ") must not exceed inputTokens (" + inputTokens
                    + "): input tokens include the cached ones");
        }
        if (cacheWrite1hTokens > cacheWriteTokens) {
            throw new IllegalArgumentException("cacheWrite1hTokens (" + cacheWrite1hTokens
                    + ") must not exceed cacheWriteTokens (" + cacheWriteTokens + ")");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoningTokens (" + reasoningTokens
                    + ") must not exceed outputTokens (" + outputTokens + "): output tokens include reasoning");
        }
    }

    /** Prompt tokens that were neither read from nor written to the cache. */
    public long uncachedInputTokens() {
        return inputTokens - cacheReadTokens - cacheWriteTokens;
    }

    /** Cache writes with the default (five-minute) lifetime. */
    public long cacheWrite5mTokens() {
        return cacheWriteTokens - cacheWrite1hTokens;
    }

    /** Generated tokens that are not reasoning. */
    public long visibleOutputTokens() {
        return outputTokens - reasoningTokens;
    }

    public int imageCount() {
        int total = 0;
        for (ImageUsage image : images) {
            total = Math.addExact(total, image.count());
        }
        return total;
    }

    /** The sum of two usages, e.g. the chunks of a stream; overflow is an error, never a wrap. */
    public Usage plus(Usage other) {
        List<ImageUsage> allImages = new java.util.ArrayList<>(images);
        allImages.addAll(other.images);
        return new Usage(Math.addExact(inputTokens, other.inputTokens),
                Math.addExact(cacheReadTokens, other.cacheReadTokens),
                Math.addExact(cacheWriteTokens, other.cacheWriteTokens),
                Math.addExact(cacheWrite1hTokens, other.cacheWrite1hTokens),
                Math.addExact(outputTokens, other.outputTokens),
                Math.addExact(reasoningTokens, other.reasoningTokens),
                allImages, audioSeconds.add(other.audioSeconds),
                Math.addExact(characters, other.characters),
                Math.addExact(requests, other.requests));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for readable call sites; {@code requests} defaults to 1 (one call). */
    public static final class Builder {
        private long inputTokens;
        private long cacheReadTokens;
        private long cacheWriteTokens;
        private long cacheWrite1hTokens;
        private long outputTokens;
        private long reasoningTokens;
        private final List<ImageUsage> images = new java.util.ArrayList<>();
        private BigDecimal audioSeconds = BigDecimal.ZERO;
        private long characters;
        private long requests = 1;

        private Builder() {
        }

        public Builder inputTokens(long value) {
            inputTokens = value;
            return this;
        }

        public Builder cacheReadTokens(long value) {
            cacheReadTokens = value;
            return this;
        }

        public Builder cacheWriteTokens(long value) {
            cacheWriteTokens = value;
            return this;
        }

        public Builder cacheWrite1hTokens(long value) {
            cacheWrite1hTokens = value;
            return this;
        }

        public Builder outputTokens(long value) {
            outputTokens = value;
            return this;
        }

        public Builder reasoningTokens(long value) {
            reasoningTokens = value;
            return this;
        }

        public Builder image(int count, String size, String quality) {
            images.add(new ImageUsage(count, size, quality));
            return this;
        }

        public Builder audioSeconds(BigDecimal value) {
            audioSeconds = value;
            return this;
        }

        public Builder characters(long value) {
            characters = value;
            return this;
        }

        public Builder requests(long value) {
            requests = value;
            return this;
        }

        public Usage build() {
            return new Usage(inputTokens, cacheReadTokens, cacheWriteTokens, cacheWrite1hTokens, outputTokens,
                    reasoningTokens, images, audioSeconds, characters, requests);
        }
    }
}
