package org.atlas.budget.web.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.ContextTier;
import org.atlas.budget.api.model.CostLine;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.ImageRate;
import org.atlas.budget.api.model.ImageUsage;
import org.atlas.budget.api.model.ImportReport;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.PolicyMatch;
import org.atlas.budget.api.model.Quote;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * The API's records as JSON, with the field names of the contract. Amounts are decimal strings
 * with their currency ({@code {"amount": "1.25", "currency": "USD"}}), never JSON numbers, so no
 * client reads them through a float; instants are ISO-8601 strings.
 */
final class Views {

    private Views() {
    }

    static JsonElement money(Money money) {
        if (money == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        o.addProperty("amount", money.toPlainString());
        o.addProperty("currency", money.currency().getCurrencyCode());
        return o;
    }

    static JsonElement text(Object value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value.toString());
    }

    static JsonElement decimal(BigDecimal value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value.stripTrailingZeros().toPlainString());
    }

    static JsonElement instant(Instant value) {
        return text(value);
    }

    static JsonArray texts(Collection<?> values) {
        JsonArray array = new JsonArray();
        for (Object value : values) {
            array.add(value.toString());
        }
        return array;
    }

    static JsonObject items(JsonArray items) {
        JsonObject o = new JsonObject();
        o.add("items", items);
        return o;
    }

    static JsonObject policy(BudgetPolicy p) {
        JsonObject o = new JsonObject();
        o.addProperty("id", p.id());
        o.addProperty("name", p.name());
        o.addProperty("scope", p.scope().name());
        o.addProperty("scopeValue", p.scopeValue());
        o.addProperty("period", p.period().kind().name());
        o.addProperty("timeZone", p.period().zone().getId());
        o.add("customStart", instant(p.period().customStart()));
        o.add("customEnd", instant(p.period().customEnd()));
        o.add("limit", money(p.limit()));
        o.addProperty("action", p.action().name());
        JsonArray thresholds = new JsonArray();
        p.thresholds().forEach(thresholds::add);
        o.add("thresholds", thresholds);
        JsonObject rollover = new JsonObject();
        rollover.addProperty("enabled", p.rollover().enabled());
        rollover.addProperty("capPercent", p.rollover().capPercent());
        o.add("rollover", rollover);
        o.addProperty("unpriced", p.unpriced().name());
        o.add("fallbackRates", p.fallbackRates() == null ? JsonNull.INSTANCE : rates(p.fallbackRates()));
        o.addProperty("enabled", p.enabled());
        o.addProperty("priority", p.priority());
        return o;
    }

    static JsonObject rates(TokenRates r) {
        JsonObject o = new JsonObject();
        o.add("input", decimal(r.input()));
        o.add("output", decimal(r.output()));
        o.add("cacheRead", decimal(r.cacheRead()));
        o.add("cacheWrite5m", decimal(r.cacheWrite5m()));
        o.add("cacheWrite1h", decimal(r.cacheWrite1h()));
        o.add("reasoning", decimal(r.reasoning()));
        return o;
    }

    static JsonObject bucket(BucketStatus b) {
        JsonObject o = new JsonObject();
        o.addProperty("policyId", b.policyId());
        o.addProperty("scopeValue", b.scopeValue());
        o.add("periodStart", instant(b.periodStart()));
        o.add("resetsAt", instant(b.resetsAt()));
        o.add("spent", money(b.spent()));
        o.add("held", money(b.held()));
        o.add("limit", money(b.limit()));
        o.add("effectiveLimit", money(b.effectiveLimit()));
        o.add("remaining", money(b.remaining()));
        o.addProperty("percent", b.percent().toPlainString());
        return o;
    }

    static JsonObject match(PolicyMatch m) {
        JsonObject o = bucket(m.bucket());
        o.addProperty("outcome", m.outcome().name());
        o.addProperty("reason", m.reason());
        return o;
    }

    /** The answer of {@code POST /check}. */
    static JsonObject admission(Admission a, boolean dryRun) {
        JsonObject o = decision(a.decision());
        o.add("admissionId", text(a.admissionId()));
        o.addProperty("requestId", a.request().requestId());
        o.addProperty("provider", a.request().provider());
        o.addProperty("model", a.model());
        o.add("hold", money(a.hold()));
        o.add("expiresAt", instant(a.expiresAt()));
        o.addProperty("admitted", a.admitted());
        o.addProperty("dryRun", dryRun);
        return o;
    }

    static JsonObject decision(Decision d) {
        JsonObject o = new JsonObject();
        o.addProperty("decision", d.outcome().name());
        o.add("policy", text(d.policyId()));
        JsonArray matches = new JsonArray();
        d.matches().forEach(m -> matches.add(match(m)));
        o.add("matches", matches);
        o.add("suggestedModel", text(d.suggestedModel()));
        o.add("retryAfterMillis", d.retryAfter() == null ? JsonNull.INSTANCE
                : new JsonPrimitive(d.retryAfter().toMillis()));
        o.add("reasons", texts(d.reasons()));
        return o;
    }

    static JsonObject usage(Usage u) {
        JsonObject o = new JsonObject();
        o.addProperty("inputTokens", u.inputTokens());
        o.addProperty("cacheReadTokens", u.cacheReadTokens());
        o.addProperty("cacheWriteTokens", u.cacheWriteTokens());
        o.addProperty("cacheWrite1hTokens", u.cacheWrite1hTokens());
        o.addProperty("outputTokens", u.outputTokens());
        o.addProperty("reasoningTokens", u.reasoningTokens());
        JsonArray images = new JsonArray();
        for (ImageUsage image : u.images()) {
            JsonObject i = new JsonObject();
            i.addProperty("count", image.count());
            i.addProperty("size", image.size());
            i.addProperty("quality", image.quality());
            images.add(i);
        }
        o.add("images", images);
        o.add("audioSeconds", decimal(u.audioSeconds()));
        o.addProperty("characters", u.characters());
        o.addProperty("requests", u.requests());
        return o;
    }

    static JsonObject report(UsageReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("requestId", r.requestId());
        o.addProperty("provider", r.provider());
        o.addProperty("model", r.model());
        o.addProperty("operation", r.operation().name());
        o.add("timestamp", instant(r.timestamp()));
        o.addProperty("success", r.success());
        o.add("userId", text(r.dimensions().userId()));
        o.add("projectId", text(r.dimensions().projectId()));
        o.add("teamId", text(r.dimensions().teamId()));
        o.add("sessionId", text(r.dimensions().sessionId()));
        o.add("tags", texts(r.dimensions().tags()));
        o.add("usage", usage(r.usage()));
        return o;
    }

    static JsonObject record(UsageRecord r) {
        JsonObject o = report(r.report());
        o.add("charge", charge(r.charge()));
        o.add("recordedAt", instant(r.recordedAt()));
        JsonArray ledger = new JsonArray();
        for (LedgerEntry entry : r.ledger()) {
            JsonObject e = new JsonObject();
            e.addProperty("policyId", entry.bucket().policyId());
            e.addProperty("scopeValue", entry.bucket().scopeValue());
            e.add("periodStart", instant(entry.bucket().periodStart()));
            e.add("amount", money(entry.amount()));
            ledger.add(e);
        }
        o.add("ledger", ledger);
        return o;
    }

    static JsonObject charge(Charge c) {
        JsonObject o = new JsonObject();
        o.addProperty("status", c.status().name());
        o.add("cost", money(c.cost()));
        o.add("priceVersion", text(c.priceVersion()));
        o.add("catalogue", text(c.catalogue()));
        return o;
    }

    static JsonObject quote(Quote q) {
        JsonObject o = new JsonObject();
        o.addProperty("status", q.status().name());
        o.addProperty("provider", q.provider());
        o.addProperty("model", q.model());
        o.add("cost", q.isPriced() ? money(q.settledCost()) : JsonNull.INSTANCE);
        o.add("exactCost", decimal(q.exactCost()));
        o.add("reservedCost", q.isPriced() ? money(q.reservedCost()) : JsonNull.INSTANCE);
        o.add("priceVersion", text(q.priceVersion()));
        o.add("catalogue", text(q.catalogue()));
        JsonArray lines = new JsonArray();
        for (CostLine line : q.lines()) {
            JsonObject l = new JsonObject();
            l.addProperty("component", line.component());
            l.add("quantity", decimal(line.quantity()));
            l.addProperty("unit", line.unit());
            l.add("unitPrice", decimal(line.unitPrice()));
            l.add("amount", decimal(line.amount()));
            lines.add(l);
        }
        o.add("lines", lines);
        o.add("reason", text(q.reason()));
        return o;
    }

    static JsonObject modelPrice(ModelPrice p) {
        JsonObject o = new JsonObject();
        o.addProperty("provider", p.provider());
        o.addProperty("model", p.model());
        o.add("aliases", texts(p.aliases()));
        o.addProperty("mode", p.mode().name());
        o.addProperty("versionId", p.versionId());
        o.add("effectiveFrom", instant(p.effectiveFrom()));
        o.addProperty("currency", p.currency().getCurrencyCode());
        o.add("tokens", p.tokens() == null ? JsonNull.INSTANCE : rates(p.tokens()));
        JsonArray tiers = new JsonArray();
        for (ContextTier tier : p.tiers()) {
            JsonObject t = new JsonObject();
            t.addProperty("aboveInputTokens", tier.aboveInputTokens());
            t.add("rates", rates(tier.rates()));
            tiers.add(t);
        }
        o.add("tiers", tiers);
        JsonArray images = new JsonArray();
        for (ImageRate rate : p.images()) {
            JsonObject i = new JsonObject();
            i.addProperty("size", rate.size());
            i.addProperty("quality", rate.quality());
            i.add("perImage", decimal(rate.perImage()));
            images.add(i);
        }
        o.add("images", images);
        o.add("perAudioSecond", decimal(p.perAudioSecond()));
        o.add("perMillionCharacters", decimal(p.perMillionCharacters()));
        o.add("perRequest", decimal(p.perRequest()));
        o.add("batchMultiplier", decimal(p.batchMultiplier()));
        o.add("capabilities", texts(p.capabilities()));
        o.add("deprecationDate", text(p.deprecationDate()));
        o.add("source", text(p.source()));
        return o;
    }

    static JsonObject importReport(ImportReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("catalogue", r.catalogue());
        o.addProperty("loaded", r.loaded());
        o.add("skipped", entries(r.skipped()));
        o.add("rejected", entries(r.rejected()));
        return o;
    }

    private static JsonArray entries(Collection<ImportReport.Entry> entries) {
        JsonArray array = new JsonArray();
        for (ImportReport.Entry entry : entries) {
            JsonObject e = new JsonObject();
            e.addProperty("key", entry.key());
            e.addProperty("reason", entry.reason());
            array.add(e);
        }
        return array;
    }

    static JsonObject alert(Alert a) {
        JsonObject o = new JsonObject();
        o.addProperty("id", a.id());
        o.addProperty("kind", a.kind().name());
        o.addProperty("severity", a.severity().name());
        o.addProperty("state", a.state().name());
        o.add("policyId", text(a.policyId()));
        o.add("ruleId", text(a.ruleId()));
        o.addProperty("message", a.message());
        o.add("raisedAt", instant(a.raisedAt()));
        o.add("updatedAt", instant(a.updatedAt()));
        o.add("updatedBy", text(a.updatedBy()));
        JsonObject attributes = new JsonObject();
        for (Map.Entry<String, String> e : a.attributes().entrySet()) {
            attributes.addProperty(e.getKey(), e.getValue());
        }
        o.add("attributes", attributes);
        return o;
    }

    static JsonObject alertRule(AlertRule r) {
        JsonObject o = new JsonObject();
        o.addProperty("id", r.id());
        o.addProperty("name", r.name());
        o.addProperty("kind", r.kind().name());
        o.add("policyId", text(r.policyId()));
        o.add("thresholdPercent", r.thresholdPercent() == null ? JsonNull.INSTANCE
                : new JsonPrimitive(r.thresholdPercent()));
        o.addProperty("severity", r.severity().name());
        o.add("channels", texts(r.channels()));
        o.addProperty("enabled", r.enabled());
        return o;
    }
}
