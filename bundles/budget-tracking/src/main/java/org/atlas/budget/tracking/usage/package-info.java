/**
 * Provider usage normalisers: the one place where the usage blocks of provider responses
 * (OpenAI chat completions and responses, Anthropic messages, Google Gemini), whole or streamed,
 * become the canonical {@link org.atlas.budget.api.model.Usage}, in which input tokens include
 * cache reads and writes and output tokens include reasoning (design guarantee 8).
 *
 * <p>Host provider bundles use {@link org.atlas.budget.tracking.usage.UsageFormat} on the
 * response JSON they already have, and {@link org.atlas.budget.tracking.usage.StreamUsage} for
 * server-sent events. Counts that are negative, fractional, too large for a {@code long} or
 * inconsistent with each other are rejected with a {@link
 * org.atlas.budget.tracking.usage.UsageFormatException} naming the field.
 */
@Export
@Version("1.0.0")
package org.atlas.budget.tracking.usage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
