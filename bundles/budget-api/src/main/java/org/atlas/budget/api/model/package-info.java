/**
 * Value types of Atlas Budget: money, canonical usage, usage records, policies, decisions,
 * prices, alerts and reports.
 *
 * <p>Every type here is an immutable record validated in its constructor: an instance that
 * exists is valid, and a bad value is rejected with an {@link java.lang.IllegalArgumentException}
 * whose message names the field. No amount of money is ever a {@code double}.
 */
@Export
@Version("1.0.0")
package org.atlas.budget.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
