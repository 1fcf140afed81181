package org.atlas.budget.api;

import java.util.List;
import java.util.Optional;

import org.atlas.budget.api.model.Alert;
import org.atlas.budget.api.model.AlertRule;
import org.atlas.budget.api.model.AlertState;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Alerts and the rules that raise them. Raised alerts are delivered to every matching
 * {@link org.atlas.budget.api.spi.AlertChannel} and posted on {@link BudgetEvents#ALERT_RAISED}.
 */
@ProviderType
public interface AlertEngine {

    /** Alerts in a state, newest first; {@code null} for every state. */
    List<Alert> alerts(AlertState state);

    Optional<Alert> alert(String id);

    /** @throws java.util.NoSuchElementException for an unknown id */
    Alert acknowledge(String id, String by);

    /** @throws java.util.NoSuchElementException for an unknown id */
    Alert resolve(String id, String by);

    List<AlertRule> rules();

    AlertRule saveRule(AlertRule rule);

    boolean deleteRule(String id);
}
