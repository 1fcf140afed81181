package org.atlas.budget.pricing.internal.override;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One operator price override ({@code etc/org.atlas.budget.pricing.override-NAME.cfg}). Prices are
 * strings so that they are read as exact decimals ({@code 2.50}), never through a float; an empty
 * price means "no such rate".
 */
@ObjectClassDefinition(name = "Atlas Budget price override",
        description = "A price that beats every catalogue (ranking Integer.MAX_VALUE) for one model."
                + " Prices are exact decimal strings in the given currency; token rates are per 1M tokens.")
public @interface OverrideConfig {

    @AttributeDefinition(description = "Provider id, e.g. openai")
    String provider();

    @AttributeDefinition(description = "Model id, e.g. gpt-4o")
    String model();

    @AttributeDefinition(description = "CHAT, COMPLETION, EMBEDDING, IMAGE_GENERATION, IMAGE_EDIT, SPEECH_TO_TEXT,"
            + " TEXT_TO_SPEECH, MODERATION, RERANK or OTHER")
    String mode() default "CHAT";

    @AttributeDefinition(description = "ISO-4217 currency of every price")
    String currency() default "USD";

    @AttributeDefinition(description = "ISO-8601 instant from which the override applies")
    String effectiveFrom() default "1970-01-01T00:00:00Z";

    @AttributeDefinition(required = false, description = "Per 1M uncached input tokens (with output)")
    String input() default "";

    @AttributeDefinition(required = false, description = "Per 1M output tokens (with input)")
    String output() default "";

    @AttributeDefinition(required = false, description = "Per 1M cache-read tokens; empty: billed as input")
    String cacheRead() default "";

    @AttributeDefinition(required = false, description = "Per 1M 5-minute cache-write tokens; empty: billed as input")
    String cacheWrite5m() default "";

    @AttributeDefinition(required = false, description = "Per 1M 1-hour cache-write tokens; empty: as 5-minute writes")
    String cacheWrite1h() default "";

    @AttributeDefinition(required = false, description = "Per 1M reasoning tokens; empty: billed as output")
    String reasoning() default "";

    @AttributeDefinition(required = false, description = "Per second of audio")
    String perAudioSecond() default "";

    @AttributeDefinition(required = false, description = "Per 1M characters (text-to-speech)")
    String perMillionCharacters() default "";

    @AttributeDefinition(required = false, description = "Per request")
    String perRequest() default "";

    @AttributeDefinition(required = false, description = "Other ids of the model")
    String[] aliases() default {};

    @AttributeDefinition(required = false, description = "Capabilities, e.g. vision, tools")
    String[] capabilities() default {};
}
