/**
 * The demo host application's own API: simulated chat providers and a traffic generator. It
 * stands for what a real host (an assistant with provider bundles) has; it is not part of Atlas
 * Budget's contract.
 */
@Export
@Version("1.0.0")
package org.atlas.budget.demo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
