package org.atlas.budget.pricing.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Catalogue bundles made on the fly: a manifest and one JSON file, no code, as the real ones are. */
public final class TestBundles {

    private TestBundles() {
    }

    /**
     * @param header the {@code Atlas-Budget-Catalogue} value, or {@code null} for a bundle without one
     */
    public static InputStream catalogueBundle(String symbolicName, String version, String header, String path,
            String json) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        if (header != null) {
            main.putValue("Atlas-Budget-Catalogue", header);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            if (path != null) {
                jar.putNextEntry(new JarEntry(path));
                jar.write(json.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** A one-model catalogue file in the documented format. */
    public static String catalogueJson(String id, String provider, String model, String input, String output) {
        return "{\"catalogue\": \"" + id + "\", \"currency\": \"USD\", \"models\": [{\"provider\": \"" + provider
                + "\", \"model\": \"" + model + "\", \"versions\": [{\"id\": \"" + id + ":" + model + "@" + input
                + "\", \"effectiveFrom\": \"2024-01-01T00:00:00Z\", \"tokens\": {\"input\": \"" + input
                + "\", \"output\": \"" + output + "\"}}]}]}";
    }
}
