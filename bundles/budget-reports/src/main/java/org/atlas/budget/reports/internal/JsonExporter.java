package org.atlas.budget.reports.internal;

import java.io.IOException;
import java.io.Writer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;

/**
 * The report as JSON. Amounts are decimal strings with their currency, never JSON numbers, so no
 * reader turns them into doubles. Gson's default HTML-safe escaping stays on: the JSON can be
 * embedded in a page without a {@code </script>} in a model name closing it.
 */
final class JsonExporter {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private JsonExporter() {
    }

    static void write(Report report, Writer out) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("type", report.type().name());
        root.addProperty("from", report.request().filter().from().toString());
        root.addProperty("to", report.request().filter().to().toString());
        root.addProperty("zone", report.request().zone().toString());
        if (report.request().granularity() != null) {
            root.addProperty("granularity", report.request().granularity().name());
        }
        JsonArray groupBy = new JsonArray();
        report.request().groupBy().forEach(g -> groupBy.add(g.name()));
        root.add("groupBy", groupBy);
        JsonObject filter = new JsonObject();
        var q = report.request().filter();
        putIfSet(filter, "provider", q.provider());
        putIfSet(filter, "model", q.model());
        putIfSet(filter, "userId", q.userId());
        putIfSet(filter, "projectId", q.projectId());
        putIfSet(filter, "teamId", q.teamId());
        putIfSet(filter, "tag", q.tag());
        root.add("filter", filter);
        root.addProperty("generatedAt", report.generatedAt().toString());
        root.add("total", money(report.total()));
        JsonArray rows = new JsonArray();
        for (ReportRow row : report.rows()) {
            JsonObject r = new JsonObject();
            JsonArray keys = new JsonArray();
            row.keys().forEach(keys::add);
            r.add("keys", keys);
            r.add("cost", money(row.cost()));
            r.addProperty("calls", row.calls());
            r.addProperty("inputTokens", row.inputTokens());
            r.addProperty("outputTokens", row.outputTokens());
            JsonObject extra = new JsonObject();
            row.extra().forEach(extra::addProperty);
            r.add("extra", extra);
            rows.add(r);
        }
        root.add("rows", rows);
        JsonArray notes = new JsonArray();
        report.notes().forEach(notes::add);
        root.add("notes", notes);
        GSON.toJson(root, out);
        out.write('\n');
        out.flush();
    }

    private static JsonObject money(Money money) {
        JsonObject m = new JsonObject();
        m.addProperty("amount", money.toPlainString());
        m.addProperty("currency", money.currency().getCurrencyCode());
        return m;
    }

    private static void putIfSet(JsonObject o, String name, String value) {
        if (value != null) {
            o.addProperty(name, value);
        }
    }
}
