package org.atlas.budget.reports.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.PricingRegistry;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRequest;
import org.atlas.budget.api.model.ReportRow;

/**
 * One report in the making: the request, its collaborators (the optional ones as they are at this
 * moment), and the notes gathered so far.
 */
final class ReportContext {

    final ReportRequest request;
    final UsageSource source;
    final PricingRegistry pricing;
    final BudgetManager manager;
    final ReportSettings settings;
    final Instant now;
    final List<String> notes = new ArrayList<>();

    ReportContext(ReportRequest request, UsageSource source, PricingRegistry pricing, BudgetManager manager,
            ReportSettings settings, Clock clock) {
        this.request = request;
        this.source = source;
        this.pricing = pricing;
        this.manager = manager;
        this.settings = settings;
        this.now = clock.instant();
    }

    /** Sums of the request's filter in a range, split in time as the report's zone needs. */
    Map<Cell, Tally> read(Instant from, Instant to, List<GroupBy> groupBy, Granularity localBuckets) {
        TimeSplit split;
        String rawReason = null;
        if (localBuckets == null) {
            split = TimeSplit.NONE;
        } else if (Buckets.isUtc(request.zone())) {
            split = localBuckets == Granularity.HOUR ? TimeSplit.HOUR : TimeSplit.UTC_DAY;
        } else if (!Buckets.wholeHourOffsets(request.zone(), from, to)) {
            split = TimeSplit.HOUR;
            rawReason = "the zone " + request.zone() + " has an offset that is not a whole number of hours,"
                    + " so its buckets do not align with hourly rollups";
        } else {
            // A UTC day is not a local day: local days are UTC days moved by the hours around local midnight.
            split = localBuckets == Granularity.HOUR ? TimeSplit.HOUR : TimeSplit.LOCAL_DAY;
        }
        Fetched fetched = source.fetch(request.filter(), from, to, groupBy, split, request.zone(), rawReason);
        for (String note : fetched.notes()) {
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }
        return fetched.cells();
    }

    Report report(Money total, List<ReportRow> rows) {
        return new Report(request, now, total, rows, notes);
    }
}
