/**
 * Extension points that other bundles implement: price catalogues, alert channels and the
 * store. Each is a whiteboard or SPI service; its service properties are constants of the
 * interface.
 */
@Export
@Version("1.1.0")
package org.atlas.budget.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
