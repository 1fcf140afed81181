package org.atlas.budget.web.internal;

import java.time.Instant;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * {@code POST /check}, {@code POST /admissions/{id}/complete} and {@code .../abort}: the
 * admission protocol of a host outside the JVM, over the same UsageInterceptor that
 * {@code BudgetGuard} uses inside it.
 */
final class AdmissionEndpoints {

    private final Services services;
    private final AdmissionTable admissions;
    private final int maxBody;

    AdmissionEndpoints(Services services, AdmissionTable admissions, int maxBody) {
        this.services = services;
        this.admissions = admissions;
        this.maxBody = maxBody;
    }

    Reply check(Call call) {
        call.query();
        JsonFields body = JsonFields.body(call.json(maxBody), RequestMapper.CHECK_FIELDS);
        AdmissionRequest request = RequestMapper.admission(body);
        if (body.bool("dryRun", false)) {
            Decision decision = services.requireManager().check(request);
            JsonObject view = Views.decision(decision);
            view.add("admissionId", JsonNull.INSTANCE);
            view.addProperty("requestId", request.requestId());
            view.addProperty("provider", request.provider());
            view.addProperty("model", request.model());
            view.add("hold", JsonNull.INSTANCE);
            view.addProperty("admitted", decision.outcome().admits());
            view.addProperty("dryRun", true);
            return Reply.ok(view);
        }
        UsageInterceptor interceptor = services.requireInterceptor();
        Admission admission = interceptor.admit(request);
        if (!admissions.remember(admission)) {
            // Nobody could ever complete it: give the hold back at once rather than let it block spend.
            interceptor.abort(admission, Usage.NONE, "REST admission table full");
            throw ApiException.unavailable("too many admissions are open; complete or abort some, or wait for"
                    + " their holds to expire");
        }
        return Reply.ok(Views.admission(admission, false));
    }

    static final String[] COMPLETE_FIELDS = {"usage", "model", "success", "requestId", "provider", "operation",
        "timestamp", "userId", "projectId", "teamId", "sessionId", "tags"};

    /**
     * Completes an admission. For an id this server no longer knows (expired, or given out before
     * a restart), the call is still recorded by its request id when the body says which call it
     * was ({@code requestId}, {@code provider}, {@code model}); the interceptor then charges it to
     * the budgets it matches, and never twice.
     */
    Reply complete(Call call, String admissionId) {
        call.query();
        JsonFields body = JsonFields.body(call.json(maxBody), COMPLETE_FIELDS);
        Usage usage = RequestMapper.usage(body.requiredObject("usage", RequestMapper.USAGE_FIELDS));
        Admission admission = admissions.find(admissionId);
        UsageReport report;
        if (admission != null) {
            for (String field : new String[] {"requestId", "provider", "operation", "timestamp", "userId",
                "projectId", "teamId", "sessionId", "tags"}) {
                if (body.has(field)) {
                    throw ApiException.badRequest(field + " belongs to the admission already; send only usage,"
                            + " model and success");
                }
            }
            String model = body.text("model");
            report = admission.request().toReport(model == null ? admission.model() : model,
                    body.bool("success", true), usage);
        } else {
            if (!body.has("requestId") || !body.has("provider") || !body.has("model")) {
                throw ApiException.notFound("admission '" + JsonFields.shorten(admissionId) + "' is unknown or has"
                        + " expired; to record the call anyway, send its requestId, provider and model with the usage");
            }
            Operation operation = body.parsed("operation", Operation::parse);
            Instant timestamp = body.instant("timestamp");
            report = new UsageReport(body.requiredText("requestId"), body.requiredText("provider"),
                    body.requiredText("model"), operation == null ? Operation.CHAT : operation,
                    timestamp == null ? Instant.now() : timestamp, body.bool("success", true),
                    RequestMapper.dimensions(body), usage);
        }
        UsageRecord record = services.requireInterceptor().complete(admission, report);
        if (admission != null) {
            admissions.ended(admissionId);
        }
        JsonObject view = Views.record(record);
        view.addProperty("admissionKnown", admission != null);
        return Reply.ok(view);
    }

    Reply abort(Call call, String admissionId) {
        call.query();
        JsonFields body = call.hasBody() ? JsonFields.body(call.json(maxBody), "consumed", "cause")
                : JsonFields.body(new JsonObject());
        Admission admission = admissions.find(admissionId);
        if (admission == null) {
            throw ApiException.notFound("admission '" + JsonFields.shorten(admissionId) + "' is unknown or has expired"
                    + " (its hold has been released)");
        }
        JsonFields consumedFields = body.object("consumed", RequestMapper.USAGE_FIELDS);
        Usage consumed = consumedFields == null ? Usage.NONE : RequestMapper.usage(consumedFields);
        String cause = body.text("cause");
        services.requireInterceptor().abort(admission, consumed, cause == null ? "aborted over REST" : cause);
        admissions.ended(admissionId);
        JsonObject view = new JsonObject();
        view.addProperty("admissionId", admissionId);
        view.addProperty("aborted", true);
        view.addProperty("charged", consumedFields != null);
        return Reply.ok(view);
    }
}
