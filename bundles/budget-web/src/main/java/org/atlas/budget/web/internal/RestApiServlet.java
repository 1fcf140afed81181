package org.atlas.budget.web.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.atlas.budget.api.AlertEngine;
import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.Repricing;
import org.atlas.budget.api.ReportGenerator;
import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.spi.BudgetStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The REST API at {@code /budget/api/v1}: one servlet on the HTTP whiteboard that authenticates,
 * applies the CSRF rule and the roles, routes to the endpoints and maps every exception to a
 * status in one place ({@link ErrorMapper}).
 *
 * <p>Every service is an optional, dynamic reference: the API stays up while a bundle behind
 * it restarts or is not installed, and answers 503 naming what is missing for the endpoints
 * that need it. The admissions handed out by {@code /check} live here, so a restart of this
 * bundle forgets them; their completions are still recorded by request id, and their holds
 * expire in the manager.
 */
@Component(service = Servlet.class, configurationPid = WebConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + RestApiServlet.BASE + "/*",
            "osgi.http.whiteboard.servlet.name=atlas-budget-rest",
        })
@Designate(ocd = WebConfig.class)
public final class RestApiServlet extends HttpServlet implements Services {

    static final String BASE = "/budget/api/v1";

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BudgetManager manager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UsageInterceptor interceptor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UsageTracker tracker;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PricingRegistry pricing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReportGenerator reports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlertEngine alerts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BudgetStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SpendQueries spendQueries;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Repricing repricing;

    private final transient HttpGate gate;
    private final transient StatusEndpoint status;
    private final transient PolicyEndpoints policies;
    private final transient SpendEndpoints spend;
    private final transient RepricingEndpoints repricingEndpoints;
    private final transient AdmissionEndpoints admissions;
    private final transient UsageEndpoints usage;
    private final transient PricingEndpoints prices;
    private final transient ReportEndpoints reportEndpoints;
    private final transient AlertEndpoints alertEndpoints;

    @Activate
    public RestApiServlet(WebConfig config, BundleContext context) {
        int maxBody = Math.max(1024, config.maxBodyBytes());
        AdmissionTable table = new AdmissionTable(Math.max(1, config.maxOpenAdmissions()),
                Duration.ofSeconds(Math.max(1, config.unheldAdmissionSeconds())), Clock.systemUTC());
        this.gate = new HttpGate(config.realm());
        this.status = new StatusEndpoint(this, context.getBundle().getVersion().toString(), table);
        this.policies = new PolicyEndpoints(this, maxBody);
        this.spend = new SpendEndpoints(this);
        this.repricingEndpoints = new RepricingEndpoints(this, maxBody);
        this.admissions = new AdmissionEndpoints(this, table, maxBody);
        this.usage = new UsageEndpoints(this, maxBody, Math.max(1, config.maxBatchSize()));
        this.prices = new PricingEndpoints(this, maxBody, Math.max(maxBody, config.maxImportBytes()));
        this.reportEndpoints = new ReportEndpoints(this);
        this.alertEndpoints = new AlertEndpoints(this, maxBody);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> segments = segments(request.getPathInfo());
        String method = request.getMethod();
        try {
            Caller caller = gate.admit(request, response, needsAdmin(method, segments));
            if (caller == null) {
                return;
            }
            Call call = new Call(method, segments, Query.parse(request.getQueryString()), caller,
                    request::getInputStream, request.getContentLengthLong());
            HttpGate.write(response, route(call));
        } catch (RuntimeException | Error e) {
            ErrorMapper.Problem problem = ErrorMapper.map(e);
            if (!response.isCommitted()) {
                response.reset();
                HttpGate.error(response, problem.status(), problem.message());
            }
        }
    }

    /** Every state-changing request needs budget-admin, except a quote, which only reads prices. */
    private static boolean needsAdmin(String method, List<String> segments) {
        if (!Csrf.changesState(method)) {
            return false;
        }
        return !(segments.size() == 2 && segments.get(0).equals("pricing") && segments.get(1).equals("quote"));
    }

    private Reply route(Call call) {
        List<String> s = call.segments();
        String m = call.method();
        int n = s.size();
        if (n == 0) {
            throw ApiException.notFound("no such resource; see docs/openapi.yaml for the paths under " + BASE);
        }
        switch (s.get(0)) {
            case "status":
                if (n == 1) {
                    return on(m, "GET") ? status.status(call) : notAllowed("GET");
                }
                break;
            case "policies":
                if (n == 1) {
                    return on(m, "GET") ? policies.list(call) : on(m, "POST") ? policies.create(call)
                            : notAllowed("GET, POST");
                }
                if (n == 2) {
                    return on(m, "GET") ? policies.get(call, s.get(1)) : on(m, "PUT") ? policies.update(call, s.get(1))
                            : on(m, "DELETE") ? policies.delete(call, s.get(1)) : notAllowed("GET, PUT, DELETE");
                }
                break;
            case "check":
                if (n == 1) {
                    return on(m, "POST") ? admissions.check(call) : notAllowed("POST");
                }
                break;
            case "admissions":
                if (n == 3 && s.get(2).equals("complete")) {
                    return on(m, "POST") ? admissions.complete(call, s.get(1)) : notAllowed("POST");
                }
                if (n == 3 && s.get(2).equals("abort")) {
                    return on(m, "POST") ? admissions.abort(call, s.get(1)) : notAllowed("POST");
                }
                break;
            case "usage":
                if (n == 1) {
                    return on(m, "GET") ? usage.history(call) : on(m, "POST") ? usage.record(call)
                            : notAllowed("GET, POST");
                }
                if (n == 2 && s.get(1).equals("batch")) {
                    return on(m, "POST") ? usage.batch(call) : notAllowed("POST");
                }
                if (n == 2 && s.get(1).equals("reprice")) {
                    return on(m, "POST") ? repricingEndpoints.dryRun(call) : notAllowed("POST");
                }
                if (n == 4 && s.get(1).equals("reprice") && s.get(3).equals("apply")) {
                    return on(m, "POST") ? repricingEndpoints.apply(call, s.get(2)) : notAllowed("POST");
                }
                break;
            case "spend":
                if (n == 1) {
                    return on(m, "GET") ? spend.buckets(call) : notAllowed("GET");
                }
                if (n == 2 && s.get(1).equals("periods")) {
                    return on(m, "GET") ? spend.periods(call) : notAllowed("GET");
                }
                break;
            case "reports":
                if (n == 2) {
                    return on(m, "GET") ? reportEndpoints.report(call, s.get(1)) : notAllowed("GET");
                }
                break;
            case "pricing":
                return pricing(call, s, m);
            case "alerts":
                if (n == 1) {
                    return on(m, "GET") ? alertEndpoints.list(call) : notAllowed("GET");
                }
                if (n == 2) {
                    return on(m, "GET") ? alertEndpoints.get(call, s.get(1)) : notAllowed("GET");
                }
                if (n == 3 && s.get(2).equals("acknowledge")) {
                    return on(m, "POST") ? alertEndpoints.acknowledge(call, s.get(1)) : notAllowed("POST");
                }
                if (n == 3 && s.get(2).equals("resolve")) {
                    return on(m, "POST") ? alertEndpoints.resolve(call, s.get(1)) : notAllowed("POST");
                }
                break;
            case "alert-rules":
                if (n == 1) {
                    return on(m, "GET") ? alertEndpoints.rules(call) : on(m, "POST") ? alertEndpoints.saveRule(call)
                            : notAllowed("GET, POST");
                }
                if (n == 2) {
                    return on(m, "DELETE") ? alertEndpoints.deleteRule(call, s.get(1)) : notAllowed("DELETE");
                }
                break;
            default:
                break;
        }
        throw ApiException.notFound("no such resource: " + BASE + "/" + JsonFields.shorten(String.join("/", s)));
    }

    private Reply pricing(Call call, List<String> s, String m) {
        int n = s.size();
        if (n == 2 && s.get(1).equals("models")) {
            return on(m, "GET") ? prices.models(call) : notAllowed("GET");
        }
        if (n >= 4 && s.get(1).equals("models")) {
            return on(m, "GET") ? prices.model(call, s.get(2), String.join("/", s.subList(3, n))) : notAllowed("GET");
        }
        if (n == 2 && s.get(1).equals("quote")) {
            return on(m, "POST") ? prices.quote(call) : notAllowed("POST");
        }
        if (n == 2 && s.get(1).equals("import")) {
            return on(m, "POST") ? prices.importPrices(call) : notAllowed("POST");
        }
        throw ApiException.notFound("no such resource: " + BASE + "/" + JsonFields.shorten(String.join("/", s)));
    }

    private static boolean on(String method, String expected) {
        return method.equals(expected);
    }

    private static Reply notAllowed(String allowed) {
        throw new ApiException(405, "method not allowed here; allowed: " + allowed);
    }

    private static List<String> segments(String pathInfo) {
        List<String> segments = new ArrayList<>();
        if (pathInfo != null) {
            for (String part : pathInfo.split("/")) {
                if (!part.isEmpty()) {
                    segments.add(part);
                }
            }
        }
        return segments;
    }

    // ---------------------------------------------------------------- Services

    @Override
    public BudgetManager manager() {
        return manager;
    }

    @Override
    public UsageInterceptor interceptor() {
        return interceptor;
    }

    @Override
    public UsageTracker tracker() {
        return tracker;
    }

    @Override
    public PricingRegistry pricing() {
        return pricing;
    }

    @Override
    public ReportGenerator reports() {
        return reports;
    }

    @Override
    public AlertEngine alerts() {
        return alerts;
    }

    @Override
    public BudgetStore store() {
        return store;
    }

    @Override
    public SpendQueries spendQueries() {
        return spendQueries;
    }

    @Override
    public Repricing repricing() {
        return repricing;
    }
}
