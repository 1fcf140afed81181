package org.atlas.budget.api.model;

/** What kind of call was made; prices and cheaper alternatives are looked up per operation. */
public enum Operation {
    CHAT,
    COMPLETION,
    EMBEDDING,
    IMAGE_GENERATION,
    IMAGE_EDIT,
    SPEECH_TO_TEXT,
    TEXT_TO_SPEECH,
    MODERATION,
    RERANK,
    OTHER;

    /** Case-insensitive; {@code image-generation} and {@code image_generation} both work. */
    public static Operation parse(String value) {
        return Checks.parseEnum(Operation.class, value, "operation");
    }
}
