package org.atlas.budget.web.internal;

import java.util.Map;
import java.util.TreeMap;

/** Writes the Prometheus text exposition format, escaping label values as it requires. */
final class PrometheusText {

    private final StringBuilder out = new StringBuilder();

    void gauge(String name, String help) {
        header(name, help, "gauge");
    }

    void counter(String name, String help) {
        header(name, help, "counter");
    }

    private void header(String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, Map<String, String> labels, String value) {
        out.append(line(name, labels, value));
    }

    void raw(String lines) {
        out.append(lines);
    }

    static String line(String name, Map<String, String> labels, String value) {
        StringBuilder line = new StringBuilder(name);
        if (!labels.isEmpty()) {
            line.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                line.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
            }
            line.append('}');
        }
        return line.append(' ').append(value).append('\n').toString();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
