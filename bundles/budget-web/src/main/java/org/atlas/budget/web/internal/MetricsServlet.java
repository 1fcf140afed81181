package org.atlas.budget.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.model.BucketStatus;
import org.atlas.budget.api.model.BudgetPolicy;
import org.atlas.budget.api.model.EnforcementStats;
import org.atlas.budget.api.model.Outcome;
import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /budget/metrics}: Prometheus text format (0.0.4), behind the same realm and roles
 * as the API ({@code budget-viewer} reads it; Prometheus sends HTTP Basic with
 * {@code basic_auth} in its scrape configuration). Amounts are exact decimals in the policy's
 * currency, labelled with it; Prometheus reads them as floats, which is fine for graphs and
 * alerts, never for accounting.
 */
@Component(service = Servlet.class, configurationPid = WebConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/budget/metrics",
            "osgi.http.whiteboard.servlet.name=atlas-budget-metrics",
        })
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BudgetManager manager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BudgetStore store;

    private final transient HttpGate gate;

    @Activate
    public MetricsServlet(WebConfig config) {
        this.gate = new HttpGate(config.realm());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (gate.admit(request, response, false) == null) {
                return;
            }
            byte[] body = render(manager, store).getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("text/plain; version=0.0.4; charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (RuntimeException e) {
            ErrorMapper.Problem problem = ErrorMapper.map(e);
            if (!response.isCommitted()) {
                response.reset();
                HttpGate.error(response, problem.status(), problem.message());
            }
        }
    }

    static String render(BudgetManager manager, BudgetStore store) {
        PrometheusText out = new PrometheusText();
        out.gauge("atlas_budget_up", "Whether the BudgetManager is installed (1) or not (0)");
        out.sample("atlas_budget_up", Map.of(), manager == null ? "0" : "1");
        if (manager != null) {
            buckets(out, manager);
            manager.stats().ifPresent(stats -> enforcement(out, stats));
        }
        storeLatency(out, store);
        return out.toString();
    }

    private static void buckets(PrometheusText out, BudgetManager manager) {
        String[][] gauges = {
            {"atlas_budget_spent", "Settled spend of a budget in its current period"},
            {"atlas_budget_held", "Open holds of calls in flight on a budget"},
            {"atlas_budget_limit", "The effective limit of a budget (limit plus rollover)"},
            {"atlas_budget_remaining", "Effective limit minus spent minus held; negative after an overspend"},
        };
        StringBuilder[] series = new StringBuilder[gauges.length];
        for (int i = 0; i < gauges.length; i++) {
            series[i] = new StringBuilder();
        }
        for (BudgetPolicy policy : manager.policies()) {
            List<BucketStatus> buckets;
            try {
                buckets = manager.spend(policy.id());
            } catch (NoSuchElementException e) {
                continue; // deleted while we listed
            }
            for (BucketStatus b : buckets) {
                Map<String, String> labels = Map.of("policy", b.policyId(), "scope", policy.scope().name(),
                        "scope_value", b.scopeValue(), "currency", b.spent().currency().getCurrencyCode());
                String[] values = {b.spent().amount().toPlainString(), b.held().amount().toPlainString(),
                    b.effectiveLimit().amount().toPlainString(), b.remaining().amount().toPlainString()};
                for (int i = 0; i < gauges.length; i++) {
                    series[i].append(PrometheusText.line(gauges[i][0], labels, values[i]));
                }
            }
        }
        for (int i = 0; i < gauges.length; i++) {
            out.gauge(gauges[i][0], gauges[i][1]);
            out.raw(series[i].toString());
        }
    }

    private static void enforcement(PrometheusText out, EnforcementStats stats) {
        out.counter("atlas_budget_decisions_total", "Admission decisions by outcome since the manager started");
        for (Map.Entry<Outcome, Long> e : stats.decisions().entrySet()) {
            out.sample("atlas_budget_decisions_total", Map.of("outcome", e.getKey().name()), e.getValue().toString());
        }
        out.gauge("atlas_budget_open_holds", "Holds of calls in flight");
        out.sample("atlas_budget_open_holds", Map.of(), Integer.toString(stats.openHolds()));
        out.counter("atlas_budget_unpriced_calls_total", "Settlements of calls to a model without a price");
        out.sample("atlas_budget_unpriced_calls_total", Map.of(), Long.toString(stats.unpricedCalls()));
        out.counter("atlas_budget_overspends_total", "Settlements that cost more than their hold");
        out.sample("atlas_budget_overspends_total", Map.of(), Long.toString(stats.overspends()));
        out.counter("atlas_budget_expired_holds_total", "Holds released because their call never ended");
        out.sample("atlas_budget_expired_holds_total", Map.of(), Long.toString(stats.expiredHolds()));
    }

    /**
     * One keyed read of the store, timed at scrape time: a probe of the store's latency that
     * needs nothing from the store but its SPI.
     */
    private static void storeLatency(PrometheusText out, BudgetStore store) {
        out.gauge("atlas_budget_store_up", "Whether a BudgetStore is installed and answered the probe");
        if (store == null) {
            out.sample("atlas_budget_store_up", Map.of(), "0");
            return;
        }
        long start = System.nanoTime();
        boolean answered;
        try {
            store.findUsage("atlas-budget-metrics-probe");
            answered = true;
        } catch (RuntimeException e) {
            answered = false;
        }
        long nanos = System.nanoTime() - start;
        out.sample("atlas_budget_store_up", Map.of(), answered ? "1" : "0");
        out.gauge("atlas_budget_store_probe_seconds", "Latency of one keyed read of the store, at this scrape");
        out.sample("atlas_budget_store_probe_seconds", Map.of(),
                java.math.BigDecimal.valueOf(nanos, 9).toPlainString());
    }
}
