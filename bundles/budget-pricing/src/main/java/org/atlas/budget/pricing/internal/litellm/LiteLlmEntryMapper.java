package org.atlas.budget.pricing.internal.litellm;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;


import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;

/**
 * Maps one entry of LiteLLM's {@code model_prices_and_context_window.json} to a model draft.
 *
 * <p>The field mapping (LiteLLM prices are USD per unit; token prices are per token):
 * <ul>
 * <li>{@code input_cost_per_token}, {@code output_cost_per_token}: token input and output,
 * x 10^6 to per 1M. Image models without an output token price use
 * {@code output_cost_per_image_token}. Embedding, moderation, rerank, image and audio models that
 * give only one side are billed 0 for the other; a chat or completion entry that gives only one
 * side is rejected (its other side would be silently free). Token prices of 0/0 next to another
 * real price (a rerank priced per query) mean "not billed by token": the model gets no token
 * rates, so tokens sent to it are UNPRICED rather than free.</li>
 * <li>{@code cache_read_input_token_cost} (or DeepSeek's {@code input_cost_per_token_cache_hit}):
 * cache reads; {@code cache_creation_input_token_cost}: 5-minute cache writes;
 * {@code cache_creation_input_token_cost_above_1hr}: one-hour cache writes;
 * {@code output_cost_per_reasoning_token}: reasoning.</li>
 * <li>{@code <field>_above_<N>k_tokens}: a long-context tier above N x 1000 prompt tokens. A rate
 * the tier does not give falls back to the base rate for input and output, and for cache rates
 * to the tier's input rate (TokenRates' default): never lower than LiteLLM's data supports.</li>
 * <li>{@code tiered_pricing} (list of {@code range: [from, to]} with token prices): the range from
 * 0 gives the base rates when the entry has none; each other range is a tier above its start.</li>
 * <li>Images: {@code output_cost_per_image}; for image-generation and image-edit entries also
 * {@code input_cost_per_image} (LiteLLM files DALL-E 3's per-image price there). Keys with a
 * size and/or quality ({@code hd/1024-x-1792/dall-e-3}) add a rate for that size and quality to
 * the model they name; their {@code input_cost_per_pixel} is multiplied by the size's pixels
 * (exact; LiteLLM's per-pixel figures are themselves rounded, so $0.08 may come out as
 * $0.0799995).</li>
 * <li>Seconds of audio: for transcription {@code input_cost_per_second}, else
 * {@code input_cost_per_audio_per_second}, else {@code output_cost_per_second}; for speech
 * {@code output_cost_per_second}, else {@code input_cost_per_second}; the two are alternatives,
 * never added (Whisper lists the same price on both sides). Video seconds are not modelled.</li>
 * <li>{@code input_cost_per_character} (else {@code output_cost_per_character}) x 10^6: per 1M
 * characters. {@code input_cost_per_request}, else {@code input_cost_per_query}: per request.</li>
 * <li>{@code input_cost_per_token_batches} / {@code output_cost_per_token_batches}: the batch
 * multiplier is batch / regular when both sides give the same exact ratio in (0, 1]; otherwise
 * no multiplier (batch calls are then quoted at the full price, with a note).</li>
 * <li>{@code mode}: chat and responses -> CHAT, completion, embedding, image_generation,
 * image_edit, audio_transcription -> SPEECH_TO_TEXT, audio_speech -> TEXT_TO_SPEECH,
 * moderation(s), rerank; absent -> CHAT (LiteLLM's default); anything else (realtime, search,
 * ocr, video_generation ...) -> OTHER.</li>
 * <li>{@code supports_*: true} -> capabilities, for the flags that decide whether one model can
 * stand in for another: vision, function-calling, reasoning, prompt-caching, pdf-input,
 * audio-input, audio-output, video-input, web-search, computer-use, response-schema.</li>
 * <li>{@code deprecation_date} (YYYY-MM-DD) and {@code source} as they are.</li>
 * </ul>
 * Not modelled, hence ignored: priority and flex tiers, per-pixel prices of keys without a size,
 * audio and image tokens, search, file, vector-store and code-interpreter fees,
 * {@code _above_128k} prices of characters, images and audio.
 */
final class LiteLlmEntryMapper {

    private static final Map<String, String> CAPABILITY_FLAGS = Map.ofEntries(
            Map.entry("supports_vision", "vision"),
            Map.entry("supports_function_calling", "function-calling"),
            Map.entry("supports_reasoning", "reasoning"),
            Map.entry("supports_prompt_caching", "prompt-caching"),
            Map.entry("supports_pdf_input", "pdf-input"),
            Map.entry("supports_audio_input", "audio-input"),
            Map.entry("supports_audio_output", "audio-output"),
            Map.entry("supports_video_input", "video-input"),
            Map.entry("supports_web_search", "web-search"),
            Map.entry("supports_computer_use", "computer-use"),
            Map.entry("supports_response_schema", "response-schema"));

    private LiteLlmEntryMapper() {
    }

    /** An image rate that a size/quality key adds to the model it names. */
    record ImageVariant(String key, String provider, String model, Operation mode, ImageRate rate) {
    }

    /** The provider id LiteLLM's {@code litellm_provider} becomes: lower case, identifier characters only. */
    static String provider(EntryFields fields) {
        String given = fields.string("litellm_provider");
        if (given == null) {
            throw EntryRejectedException.rejected("litellm_provider is missing");
        }
        String id = given.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (id.isEmpty() || id.length() > 64) {
            throw EntryRejectedException.rejected("litellm_provider '" + given + "' is not usable as a provider id");
        }
        return id;
    }

    static Operation mode(EntryFields fields) {
        String mode = fields.string("mode");
        if (mode == null) {
            return Operation.CHAT;
        }
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "chat":
            case "responses":
                return Operation.CHAT;
            case "completion":
                return Operation.COMPLETION;
            case "embedding":
                return Operation.EMBEDDING;
            case "image_generation":
                return Operation.IMAGE_GENERATION;
            case "image_edit":
                return Operation.IMAGE_EDIT;
            case "audio_transcription":
                return Operation.SPEECH_TO_TEXT;
            case "audio_speech":
                return Operation.TEXT_TO_SPEECH;
            case "moderation":
            case "moderations":
                return Operation.MODERATION;
            case "rerank":
                return Operation.RERANK;
            default:
                return Operation.OTHER;
        }
    }

    /** The image rate a size/quality key gives, or a skip when it has no usable price. */
    static ImageVariant imageVariant(String key, LiteLlmKey parsed, String provider, Operation mode,
            EntryFields fields) {
        BigDecimal perImage = fields.positivePrice("input_cost_per_image");
        if (perImage == null) {
            perImage = fields.positivePrice("output_cost_per_image");
        }
        if (perImage == null && parsed.size() != null) {
            BigDecimal perPixel = fields.positivePrice("input_cost_per_pixel");
            if (perPixel == null) {
                perPixel = fields.positivePrice("output_cost_per_pixel");
            }
            if (perPixel != null) {
                String[] wh = parsed.size().split("x");
                perImage = perPixel.multiply(new BigDecimal(wh[0])).multiply(new BigDecimal(wh[1]));
            }
        }
        if (perImage == null) {
            throw EntryRejectedException.skipped("an image size/quality entry without a per-image or per-pixel price");
        }
        String size = parsed.size() != null ? parsed.size() : ImageRate.ANY;
        String quality = parsed.quality() != null ? parsed.quality() : ImageRate.ANY;
        return new ImageVariant(key, provider, parsed.model(), mode, new ImageRate(size, quality, perImage));
    }

    /** Maps a model entry; throws {@link EntryRejectedException} for entries not to load. */
    static ModelDraft model(String key, LiteLlmKey parsed, String provider, Operation mode, EntryFields fields) {
        ModelDraft draft = new ModelDraft(key, provider, parsed.model(), parsed.alias(), mode);
        TokenRates base = LiteLlmTokens.base(fields, mode);
        boolean tokensFree = base != null && base.input().signum() == 0 && base.output().signum() == 0;
        if (base != null && !tokensFree) {
            draft.tokens = base;
            draft.tiers.addAll(LiteLlmTokens.tiers(fields, base));
        }
        addImageRate(draft, fields, mode);
        draft.perAudioSecond = audioSecond(fields, mode);
        BigDecimal perCharacter = fields.positivePrice("input_cost_per_character");
        if (perCharacter == null) {
            perCharacter = fields.positivePrice("output_cost_per_character");
        }
        draft.perMillionCharacters = perCharacter == null ? null : perCharacter.movePointRight(6);
        draft.perRequest = fields.positivePrice("input_cost_per_request");
        if (draft.perRequest == null) {
            draft.perRequest = fields.positivePrice("input_cost_per_query");
        }
        if (draft.tokens != null) {
            draft.batchMultiplier = LiteLlmTokens.batchMultiplier(fields);
        }
        if (!draft.hasAnyRate()) {
            throw nothingToLoad(fields, mode, tokensFree);
        }
        for (Map.Entry<String, String> flag : CAPABILITY_FLAGS.entrySet()) {
            if (fields.isTrue(flag.getKey())) {
                draft.capabilities.add(flag.getValue());
            }
        }
        draft.deprecationDate = deprecationDate(fields);
        draft.source = fields.string("source");
        return draft;
    }

    private static EntryRejectedException nothingToLoad(EntryFields fields, Operation mode, boolean tokensFree) {
        boolean everyPriceZero = fields.costs().values().stream().allMatch(v -> v.signum() == 0)
                && fields.array("tiered_pricing").isEmpty();
        if (tokensFree && (mode == Operation.CHAT || mode == Operation.COMPLETION)) {
            return EntryRejectedException.rejected("a " + mode.name().toLowerCase(Locale.ROOT)
                    + " entry priced 0/0 per token: implausible, and unknown is not free"
                    + " (price a model that really is free with an override)");
        }
        if (everyPriceZero) {
            return EntryRejectedException.rejected("every price is 0: implausible, and unknown is not free"
                    + " (price a model that really is free with an override)");
        }
        return EntryRejectedException.skipped("no price this importer models (price fields: "
                + String.join(", ", fields.costs().keySet()) + ")");
    }

    private static void addImageRate(ModelDraft draft, EntryFields fields, Operation mode) {
        BigDecimal perImage = fields.positivePrice("output_cost_per_image");
        if (perImage == null && (mode == Operation.IMAGE_GENERATION || mode == Operation.IMAGE_EDIT)) {
            perImage = fields.positivePrice("input_cost_per_image");
        }
        if (perImage != null) {
            draft.images.add(new ImageRate(ImageRate.ANY, ImageRate.ANY, perImage));
        }
    }

    private static BigDecimal audioSecond(EntryFields fields, Operation mode) {
        List<String> order;
        if (mode == Operation.SPEECH_TO_TEXT) {
            order = List.of("input_cost_per_second", "input_cost_per_audio_per_second", "output_cost_per_second");
        } else if (mode == Operation.TEXT_TO_SPEECH) {
            order = List.of("output_cost_per_second", "input_cost_per_second");
        } else if (mode == Operation.OTHER) {
            // OTHER holds video generation, whose seconds are video, not audio.
            order = List.of("input_cost_per_audio_per_second");
        } else {
            order = List.of("input_cost_per_audio_per_second", "input_cost_per_second", "output_cost_per_second");
        }
        for (String field : order) {
            BigDecimal value = fields.positivePrice(field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static LocalDate deprecationDate(EntryFields fields) {
        String text = fields.string("deprecation_date");
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw EntryRejectedException.rejected("deprecation_date '" + text + "' is not a date (YYYY-MM-DD)");
        }
    }
}
