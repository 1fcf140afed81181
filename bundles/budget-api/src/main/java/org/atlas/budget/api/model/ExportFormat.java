package org.atlas.budget.api.model;

import java.util.Locale;

/** The formats reports are exported in. */
public enum ExportFormat {
    JSON("json", "application/json"),
    /** RFC 4180, with cells that could start a spreadsheet formula neutralised. */
    CSV("csv", "text/csv"),
    MARKDOWN("md", "text/markdown"),
    /** Printable, every value escaped, charts as inline SVG. */
    HTML("html", "text/html");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Accepts the extension ({@code md}) or the name ({@code markdown}), in any case. */
    public static ExportFormat parse(String value) {
        Checks.required(value, "format");
        String key = value.strip().toLowerCase(Locale.ROOT);
        for (ExportFormat format : values()) {
            if (format.extension.equals(key) || format.name().toLowerCase(Locale.ROOT).equals(key)) {
                return format;
            }
        }
        throw new IllegalArgumentException("format must be one of json, csv, md, html, was '" + value + "'");
    }
}
