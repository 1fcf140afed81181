package org.atlas.budget.api.spi;

import org.atlas.budget.api.model.Alert;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers alerts somewhere: a log, EventAdmin, a webhook, a chat. Registered as an OSGi
 * service (whiteboard). The alert engine calls each channel in isolation, on its own executor
 * with a time limit, so a slow or failing channel delays and breaks no other.
 *
 * <p>Service properties:
 * <ul>
 * <li>{@value #CHANNEL_ID} (String, required): the id alert rules name;</li>
 * <li>{@value #MIN_SEVERITY} (String, optional): {@code INFO}, {@code WARNING} or
 * {@code CRITICAL}; lower severities are not delivered.</li>
 * </ul>
 */
@ConsumerType
public interface AlertChannel {

    String CHANNEL_ID = "atlas.budget.alert.channel";

    String MIN_SEVERITY = "atlas.budget.alert.minSeverity";

    /**
     * Delivers one alert. May block for I/O; throwing marks this delivery failed (it is logged
     * and counted), nothing else.
     */
    void deliver(Alert alert) throws Exception;
}
