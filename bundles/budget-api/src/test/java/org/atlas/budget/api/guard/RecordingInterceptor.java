package org.atlas.budget.api.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.model.Admission;
import org.atlas.budget.api.model.AdmissionRequest;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Decision;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * A small but real interceptor for the guard's tests: it answers a scripted outcome per
 * admission, charges one nano-dollar per token, and records every call it receives.
 */
final class RecordingInterceptor implements UsageInterceptor {

    final List<Outcome> script = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<UsageReport> completed = new ArrayList<>();
    final List<Usage> aborted = new ArrayList<>();
    final AtomicInteger admissions = new AtomicInteger();
    RuntimeException failAdmit;
    RuntimeException failComplete;
    final String name;

    RecordingInterceptor(String name, Outcome... outcomes) {
        this.name = name;
        script.addAll(List.of(outcomes));
    }

    @Override
    public synchronized Admission admit(AdmissionRequest request) {
        if (failAdmit != null) {
            throw failAdmit;
        }
        int n = admissions.getAndIncrement();
        Outcome outcome = script.isEmpty() ? Outcome.ALLOW : script.get(Math.min(n, script.size() - 1));
        events.add("admit " + request.requestId() + " " + outcome);
        Decision decision = switch (outcome) {
            case ALLOW -> Decision.allowUnconstrained();
            case WARN -> new Decision(Outcome.WARN, "p", null, null, null, List.of("80% spent"));
            case DOWNGRADE -> new Decision(Outcome.DOWNGRADE, "p", null, "cheap-model", null, List.of("downgraded"));
            case THROTTLE -> new Decision(Outcome.THROTTLE, "p", null, null, Duration.ofMillis(5), List.of("slow"));
            case BLOCK -> new Decision(Outcome.BLOCK, "p", null, null, null, List.of("limit reached"));
        };
        if (!outcome.admits()) {
            return new Admission(null, request, decision, Money.of("0", "USD"), null);
        }
        AdmissionRequest admitted = outcome == Outcome.DOWNGRADE ? request.withModel("cheap-model") : request;
        return new Admission("adm-" + n, admitted, decision, Money.of("0.001", "USD"), Instant.now().plusSeconds(60));
    }

    @Override
    public synchronized UsageRecord complete(Admission admission, UsageReport actual) {
        events.add("complete " + actual.requestId() + " " + actual.model());
        if (failComplete != null) {
            throw failComplete;
        }
        completed.add(actual);
        long tokens = actual.usage().inputTokens() + actual.usage().outputTokens();
        return new UsageRecord(actual, new Charge(PricingStatus.PRICED, Money.ofNanos(tokens,
                java.util.Currency.getInstance("USD")), "v1", name), Instant.now());
    }

    @Override
    public synchronized void abort(Admission admission, Usage consumed, String cause) {
        events.add("abort " + admission.request().requestId());
        aborted.add(consumed);
    }
}
