package org.atlas.budget.tracking.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.atlas.budget.api.BudgetEvents;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.UsageRecord;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Posts {@link BudgetEvents#USAGE_RECORDED} asynchronously, so a handler never slows a call. */
final class RecordedEventPoster implements Recorder.Events {

    private final Supplier<EventAdmin> eventAdmin;

    RecordedEventPoster(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void accept(UsageRecord record) {
        EventAdmin admin = eventAdmin.get();
        if (admin == null) {
            // Events are notifications; the record is durable already and EventAdmin is optional.
            return;
        }
        admin.postEvent(new Event(BudgetEvents.USAGE_RECORDED, properties(record)));
    }

    static Map<String, Object> properties(UsageRecord record) {
        Map<String, Object> props = new HashMap<>();
        props.put(BudgetEvents.PROP_REQUEST_ID, record.requestId());
        props.put(BudgetEvents.PROP_PROVIDER, record.report().provider());
        props.put(BudgetEvents.PROP_MODEL, record.report().model());
        Charge charge = record.charge();
        props.put(BudgetEvents.PROP_STATUS, charge.status().name());
        if (charge.cost() != null) {
            props.put(BudgetEvents.PROP_COST, charge.cost().amount().toPlainString());
            props.put(BudgetEvents.PROP_CURRENCY, charge.cost().currency().getCurrencyCode());
        }
        return props;
    }
}
