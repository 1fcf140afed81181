package org.atlas.budget.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.atlas.budget.api.AlertEngine;
import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.ReportGenerator;
import org.atlas.budget.api.Repricing;
import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.spi.BudgetStore;
import org.junit.Test;

/** The spend and repricing endpoints when budget-tracking is not installed. */
public class AbsentServicesTest {

    /** Nothing is installed. */
    private static final class NoServices implements Services {
        @Override
        public BudgetManager manager() {
            return null;
        }

        @Override
        public UsageInterceptor interceptor() {
            return null;
        }

        @Override
        public UsageTracker tracker() {
            return null;
        }

        @Override
        public PricingRegistry pricing() {
            return null;
        }

        @Override
        public ReportGenerator reports() {
            return null;
        }

        @Override
        public AlertEngine alerts() {
            return null;
        }

        @Override
        public BudgetStore store() {
            return null;
        }

        @Override
        public SpendQueries spendQueries() {
            return null;
        }

        @Override
        public Repricing repricing() {
            return null;
        }
    }

    private static Call call(String method, String query, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return new Call(method, List.of(), Query.parse(query), new Caller("alice", Set.of(Caller.ADMIN)),
                () -> new ByteArrayInputStream(bytes), bytes.length);
    }

    private static void unavailable(String expected, Runnable action) {
        ApiException e = assertThrows(ApiException.class, action::run);
        assertEquals(e.getMessage(), 503, e.status());
        assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }

    @Test
    public void spendPeriodsAndRepricingAre503NamingTheMissingService() {
        SpendEndpoints spend = new SpendEndpoints(new NoServices());
        RepricingEndpoints repricing = new RepricingEndpoints(new NoServices(), 1024);
        unavailable("SpendQueries (bundle budget-tracking)",
                () -> spend.periods(call("GET", "policyId=p1&from=2026-01-01T00:00:00Z", null)));
        unavailable("Repricing (bundle budget-tracking)", () -> repricing.dryRun(call("POST", null,
                "{\"from\": \"2026-11-01T00:00:00Z\", \"to\": \"2026-12-01T00:00:00Z\","
                        + " \"pricesAt\": \"2026-12-01T00:00:00Z\"}")));
        unavailable("Repricing (bundle budget-tracking)", () -> repricing.apply(call("POST", null, null), "d1"));
    }

    @Test
    public void badInputIs400EvenWithoutTheService() {
        RepricingEndpoints repricing = new RepricingEndpoints(new NoServices(), 1024);
        ApiException e = assertThrows(ApiException.class, () -> repricing.dryRun(call("POST", null, "{}")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage(), e.getMessage().startsWith("from is required"));
        ApiException extra = assertThrows(ApiException.class,
                () -> repricing.apply(call("POST", null, "{\"force\": true}"), "d1"));
        assertEquals(400, extra.status());
        assertTrue(extra.getMessage(), extra.getMessage().contains("'force'"));
        SpendEndpoints spend = new SpendEndpoints(new NoServices());
        assertEquals(400, assertThrows(ApiException.class, () -> spend.periods(call("GET", "from=2026-01-01T00:00:00Z",
                null))).status());
    }
}
