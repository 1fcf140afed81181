package org.atlas.budget.pricing.internal.extender;

/**
 * The manifest header by which a bundle offers a catalogue:
 * {@code Atlas-Budget-Catalogue: catalogue/prices.json;ranking:=10}.
 *
 * @param path    the catalogue file's entry in the bundle
 * @param ranking the {@code service.ranking} of its catalogue (default 0)
 */
record CatalogueHeader(String path, int ranking) {

    static final String NAME = "Atlas-Budget-Catalogue";

    /**
     * Parses the header value; one file per bundle, the only directive is {@code ranking}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static CatalogueHeader parse(String value) {
        if (value.indexOf(',') >= 0) {
            throw new IllegalArgumentException("header " + NAME + " names more than one file; one catalogue per bundle");
        }
        String[] parts = value.split(";");
        String path = parts[0].strip();
        if (path.isEmpty()) {
            throw new IllegalArgumentException("header " + NAME + " names no file");
        }
        int ranking = 0;
        for (int i = 1; i < parts.length; i++) {
            String clause = parts[i].strip();
            if (clause.isEmpty()) {
                continue;
            }
            int separator = clause.indexOf(":=");
            String name = separator < 0 ? clause : clause.substring(0, separator).strip();
            if (separator < 0 || !"ranking".equals(name)) {
                throw new IllegalArgumentException("header " + NAME + ": unknown directive '" + clause
                        + "' (only ranking:=N is understood)");
            }
            String number = unquote(clause.substring(separator + 2).strip());
            try {
                ranking = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("header " + NAME + ", directive 'ranking': '" + number
                        + "' is not a whole number", e);
            }
        }
        return new CatalogueHeader(path.startsWith("/") ? path.substring(1) : path, ranking);
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1) : text;
    }
}
