package org.atlas.budget.web.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.AlertKind;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertSeverity;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.LimitAction;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Period;
import org.atlas.budget.api.model.PeriodKind;
import org.atlas.budget.api.model.Rollover;
import org.atlas.budget.api.model.Scope;
import org.atlas.budget.api.model.TokenRates;
import org.atlas.budget.api.model.UnpricedAction;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageReport;

/**
 * Turns request bodies into the API's records. The field names are the contract of DESIGN.md
 * ("Contracts that users script against"); the records validate the values and name the field.
 */
final class RequestMapper {

    static final String[] USAGE_FIELDS = {"inputTokens", "cacheReadTokens", "cacheWriteTokens",
        "cacheWrite1hTokens", "outputTokens", "reasoningTokens", "images", "audioSeconds", "characters", "requests"};

    static final String[] REPORT_FIELDS = {"requestId", "provider", "model", "operation", "timestamp", "success",
        "userId", "projectId", "teamId", "sessionId", "tags", "usage"};

    static final String[] POLICY_FIELDS = {"id", "name", "scope", "scopeValue", "period", "timeZone", "customStart",
        "customEnd", "limit", "action", "thresholds", "rollover", "unpriced", "fallbackRates", "enabled", "priority"};

    private RequestMapper() {
    }

    static BudgetPolicy policy(JsonFields f, String pathId) {
        String id = f.text("id");
        if (pathId != null) {
            if (id != null && !id.strip().equals(pathId)) {
                throw ApiException.badRequest("id '" + id + "' in the body differs from '" + pathId + "' in the path");
            }
            id = pathId;
        } else if (id == null) {
            id = "policy-" + UUID.randomUUID().toString().substring(0, 12);
        }
        Scope scope = f.parsed("scope", Scope::parse);
        PeriodKind kind = f.parsed("period", PeriodKind::parse);
        ZoneId zone = f.parsed("timeZone", Period::zone);
        Instant customStart = f.instant("customStart");
        Instant customEnd = f.instant("customEnd");
        if (scope == null) {
            throw ApiException.badRequest("scope is required");
        }
        if (kind == null) {
            throw ApiException.badRequest("period is required");
        }
        Period period;
        try {
            period = new Period(kind, zone, customStart, customEnd);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("period: " + e.getMessage());
        }
        Money limit = money(f.requiredObject("limit", "amount", "currency"));
        List<Integer> thresholds = f.integers("thresholds");
        LimitAction action = f.parsed("action", LimitAction::parse);
        JsonFields roll = f.object("rollover", "enabled", "capPercent");
        Rollover rollover = roll == null ? null : new Rollover(roll.bool("enabled", false), roll.integer("capPercent", 0));
        UnpricedAction unpriced = f.parsed("unpriced", UnpricedAction::parse);
        JsonFields rates = f.object("fallbackRates", "input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h",
                "reasoning");
        TokenRates fallback = rates == null ? null : new TokenRates(required(rates, "input"), required(rates, "output"),
                rates.decimal("cacheRead"), rates.decimal("cacheWrite5m"), rates.decimal("cacheWrite1h"),
                rates.decimal("reasoning"));
        return new BudgetPolicy(id, f.text("name"), scope, f.text("scopeValue"), period, limit,
                thresholds == null ? List.of(80, 100) : thresholds, action == null ? LimitAction.BLOCK : action,
                rollover, unpriced, fallback, f.bool("enabled", true), f.integer("priority", 0));
    }

    static Money money(JsonFields f) {
        BigDecimal amount = required(f, "amount");
        String currency = f.requiredText("currency");
        try {
            return Money.of(amount, Money.currency(currency));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(f.path("") + e.getMessage());
        }
    }

    private static BigDecimal required(JsonFields f, String name) {
        BigDecimal value = f.decimal(name);
        if (value == null) {
            throw ApiException.badRequest(f.path(name) + " is required");
        }
        return value;
    }

    static Usage usage(JsonFields f) {
        Usage.Builder b = Usage.builder()
                .inputTokens(f.count("inputTokens", 0))
                .cacheReadTokens(f.count("cacheReadTokens", 0))
                .cacheWriteTokens(f.count("cacheWriteTokens", 0))
                .cacheWrite1hTokens(f.count("cacheWrite1hTokens", 0))
                .outputTokens(f.count("outputTokens", 0))
                .reasoningTokens(f.count("reasoningTokens", 0))
                .characters(f.count("characters", 0))
                .requests(f.count("requests", 1));
        BigDecimal audio = f.decimal("audioSeconds");
        if (audio != null) {
            b.audioSeconds(audio);
        }
        for (JsonFields image : f.objects("images", "count", "size", "quality")) {
            long count = image.count("count", 1);
            if (count > Integer.MAX_VALUE) {
                throw ApiException.badRequest(image.path("count") + " is too large");
            }
            b.image((int) count, image.requiredText("size"), image.requiredText("quality"));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(f.path("") + e.getMessage());
        }
    }

    static Dimensions dimensions(JsonFields f) {
        return new Dimensions(f.text("userId"), f.text("projectId"), f.text("teamId"), f.text("sessionId"),
                new HashSet<>(f.texts("tags")));
    }

    /** A usage record as {@code POST /usage} takes it. */
    static UsageReport report(JsonFields f) {
        Operation operation = f.parsed("operation", Operation::parse);
        Instant timestamp = f.instant("timestamp");
        Usage usage = usage(f.requiredObject("usage", USAGE_FIELDS));
        return new UsageReport(f.requiredText("requestId"), f.requiredText("provider"), f.requiredText("model"),
                operation == null ? Operation.CHAT : operation, timestamp == null ? Instant.now() : timestamp,
                f.bool("success", true), dimensions(f), usage);
    }

    static final String[] CHECK_FIELDS = {"requestId", "provider", "model", "operation", "userId", "projectId",
        "teamId", "sessionId", "tags", "estimatedInputTokens", "maxOutputTokens", "estimate", "dryRun"};

    /** An admission as {@code POST /check} takes it: the worst case from the two token fields, or a full estimate. */
    static AdmissionRequest admission(JsonFields f) {
        Operation operation = f.parsed("operation", Operation::parse);
        JsonFields estimateFields = f.object("estimate", USAGE_FIELDS);
        Usage estimate;
        if (estimateFields != null) {
            if (f.has("estimatedInputTokens") || f.has("maxOutputTokens")) {
                throw ApiException.badRequest("give either estimate or estimatedInputTokens and maxOutputTokens,"
                        + " not both");
            }
            estimate = usage(estimateFields);
        } else {
            if (!f.has("maxOutputTokens")) {
                throw ApiException.badRequest("maxOutputTokens is required: the worst case of the call is held");
            }
            estimate = Usage.builder().inputTokens(f.count("estimatedInputTokens", 0))
                    .outputTokens(f.count("maxOutputTokens", 0)).build();
        }
        String requestId = f.text("requestId");
        return new AdmissionRequest(requestId == null ? "req-" + UUID.randomUUID() : requestId,
                f.requiredText("provider"), f.requiredText("model"), operation == null ? Operation.CHAT : operation,
                dimensions(f), estimate, Instant.now());
    }

    static AlertRule alertRule(JsonFields f) {
        String id = f.text("id");
        Integer threshold = f.has("thresholdPercent") ? f.integer("thresholdPercent", 0) : null;
        return new AlertRule(id == null ? "rule-" + UUID.randomUUID().toString().substring(0, 12) : id,
                f.text("name"), f.parsed("kind", AlertKind::parse), f.text("policyId"),
                threshold, f.parsed("severity", AlertSeverity::parse),
                new HashSet<>(f.texts("channels")), f.bool("enabled", true));
    }
}
