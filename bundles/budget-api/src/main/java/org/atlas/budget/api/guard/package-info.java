/**
 * The host side: what a host provider bundle uses to run its provider calls through Atlas
 * Budget while depending on this API bundle only.
 */
@Export
@Version("1.0.0")
package org.atlas.budget.api.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
