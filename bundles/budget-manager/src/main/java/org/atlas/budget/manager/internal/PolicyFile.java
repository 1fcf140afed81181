package org.atlas.budget.manager.internal;

import java.util.Map;

import org.atlas.budget.api.BudgetManager;
import org.atlas.budget.api.model.BudgetPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One policy declared as a factory configuration ({@value BudgetManager#POLICY_FACTORY_PID}),
 * usually the file {@code etc/org.atlas.budget.policy-NAME.cfg}; its id defaults to NAME.
 *
 * <p>A bad file is rejected with an ERROR naming the file and the key, and changes nothing: a
 * new bad file declares nothing, and a good file edited into a bad one keeps its previous policy
 * in force (a typo must not lift a budget). Every other policy keeps working.
 */
@Component(configurationPid = BudgetManager.POLICY_FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public final class PolicyFile {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFile.class);
    private static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private final ConfiguredPolicies policies;
    private String pid;

    @Activate
    public PolicyFile(@Reference ConfiguredPolicies policies, Map<String, Object> properties) {
        this.policies = policies;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        if (pid != null) {
            policies.withdraw(pid);
        }
    }

    private void apply(Map<String, Object> properties) {
        String servicePid = String.valueOf(properties.get("service.pid"));
        String source = source(properties, servicePid);
        try {
            BudgetPolicy policy = PolicyProperties.parse(properties, defaultId(properties, servicePid));
            policies.declare(servicePid, source, policy);
            pid = servicePid;
            LOG.info("Policy {} from {} is in force", policy.id(), source);
        } catch (IllegalArgumentException e) {
            LOG.error("Rejected policy file {}: {}{}", source, e.getMessage(),
                    pid == null ? "; it declares nothing" : "; its previous version stays in force");
        }
    }

    private static String source(Map<String, Object> properties, String servicePid) {
        Object file = properties.get(FILE_PROPERTY);
        return file != null ? String.valueOf(file) : "configuration " + servicePid;
    }

    /** {@code etc/org.atlas.budget.policy-team-a.cfg} declares policy {@code team-a} unless it names an id. */
    static String defaultId(Map<String, Object> properties, String servicePid) {
        Object file = properties.get(FILE_PROPERTY);
        if (file != null) {
            String name = String.valueOf(file);
            name = name.substring(name.lastIndexOf('/') + 1);
            String prefix = BudgetManager.POLICY_FACTORY_PID + "-";
            if (name.startsWith(prefix) && name.endsWith(".cfg")) {
                return name.substring(prefix.length(), name.length() - ".cfg".length());
            }
        }
        // Created through Config Admin without a file: the generated part of the PID.
        return servicePid.substring(servicePid.lastIndexOf('.') + 1).replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
