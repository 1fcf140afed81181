package org.atlas.budget.web.internal;

import java.util.Set;

/**
 * Who made a request, as Karaf's JAAS realm authenticated them.
 *
 * @param name  the user name
 * @param roles the roles the realm granted (from its {@code RolePrincipal}s)
 */
record Caller(String name, Set<String> roles) {

    static final String VIEWER = "budget-viewer";
    static final String ADMIN = "budget-admin";

    Caller {
        roles = Set.copyOf(roles);
    }

    /** {@code budget-admin} implies read access. */
    boolean mayRead() {
        return roles.contains(VIEWER) || roles.contains(ADMIN);
    }

    boolean mayWrite() {
        return roles.contains(ADMIN);
    }
}
