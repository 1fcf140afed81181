package org.atlas.budget.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.features.Feature;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * The distribution boots with the atlas-budget feature installed and every bundle started.
 */
public class DistributionIT extends AtlasBudgetTestSupport {

    @Test
    public void atlasBudgetFeatureIsInstalledInTheBuiltVersion() throws Exception {
        Feature feature = featuresService.getFeature("atlas-budget");
        assertNotNull("feature atlas-budget is not known", feature);
        assertTrue("feature atlas-budget is not installed", featuresService.isInstalled(feature));

        String mavenVersion = System.getProperty(PROPERTY_ATLAS_VERSION, "");
        if (!mavenVersion.isEmpty()) {
            // Karaf writes the Maven version 0.1.0-SNAPSHOT as the OSGi version 0.1.0.SNAPSHOT.
            assertEquals(mavenVersion.replace('-', '.'), feature.getVersion());
        }
    }

    @Test
    public void everyAtlasBudgetBundleIsActive() {
        List<Bundle> bundles = findBundles(ATLAS_BUNDLE_PREFIX);
        assertFalse("no bundle named " + ATLAS_BUNDLE_PREFIX + "* is installed", bundles.isEmpty());
        assertTrue("the API bundle org.atlas.budget.api is missing",
                findBundle("org.atlas.budget.api").isPresent());
        awaitCondition("every " + ATLAS_BUNDLE_PREFIX + "* bundle ACTIVE; now: " + describeAll(bundles),
                DEFAULT_TIMEOUT,
                () -> bundles.stream().allMatch(b -> b.getState() == Bundle.ACTIVE));
    }

    @Test
    public void noBundleIsLeftInstalledOrResolved() {
        awaitCondition("no bundle but fragments left INSTALLED or RESOLVED; now: "
                        + describeAll(notStarted()),
                DEFAULT_TIMEOUT, () -> notStarted().isEmpty());
    }

    @Test
    public void featureListInTheShellShowsAtlasBudget() {
        String output = executeCommand("feature:list -i");
        assertTrue("feature:list -i does not show atlas-budget:\n" + output,
                output.lines().anyMatch(line -> line.startsWith("atlas-budget ")));
    }

    private List<Bundle> notStarted() {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getState() == Bundle.INSTALLED || b.getState() == Bundle.RESOLVED)
                .filter(b -> !isFragment(b))
                .collect(Collectors.toList());
    }

    private static String describeAll(List<Bundle> bundles) {
        return bundles.stream().map(AtlasBudgetTestSupport::describe).collect(Collectors.joining(", ", "[", "]"));
    }
}
