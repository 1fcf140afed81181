package org.atlas.budget.web.internal;

import org.atlas.budget.api.AlertEngine;
import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.Repricing;
import org.atlas.budget.api.ReportGenerator;
import org.atlas.budget.api.SpendQueries;
import org.atlas.budget.api.UsageInterceptor;
import org.atlas.budget.api.UsageTracker;
import org.atlas.budget.api.spi.BudgetStore;

/**
 * The Atlas Budget services the endpoints use, each of which may be absent (not installed, or
 * restarting). The {@code require...} methods answer 503 with a message naming what is missing;
 * the others return {@code null} when absent.
 */
interface Services {

    BudgetManager manager();

    UsageInterceptor interceptor();

    UsageTracker tracker();

    PricingRegistry pricing();

    ReportGenerator reports();

    AlertEngine alerts();

    BudgetStore store();

    SpendQueries spendQueries();

    Repricing repricing();

    default BudgetManager requireManager() {
        return require(manager(), "BudgetManager");
    }

    default UsageInterceptor requireInterceptor() {
        return require(interceptor(), "UsageInterceptor");
    }

    default UsageTracker requireTracker() {
        return require(tracker(), "UsageTracker (bundle budget-tracking)");
    }

    default PricingRegistry requirePricing() {
        return require(pricing(), "PricingRegistry");
    }

    default ReportGenerator requireReports() {
        return require(reports(), "ReportGenerator (bundle budget-reports)");
    }

    default AlertEngine requireAlerts() {
        return require(alerts(), "AlertEngine");
    }

    default SpendQueries requireSpendQueries() {
        return require(spendQueries(), "SpendQueries (bundle budget-tracking)");
    }

    default Repricing requireRepricing() {
        return require(repricing(), "Repricing (bundle budget-tracking)");
    }

    private static <T> T require(T service, String name) {
        if (service == null) {
            throw ApiException.unavailable("no " + name + " is installed or it is restarting; try again later");
        }
        return service;
    }
}
