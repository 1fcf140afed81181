package org.atlas.budget.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic credentials checked against a JAAS realm of Karaf (by default {@code karaf}, whose
 * users live in {@code etc/users.properties}). The roles are the realm's {@link RolePrincipal}s,
 * including those a user gets through a group.
 */
final class JaasAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);

    /** Longer headers are not credentials anyone types; refusing them bounds the work. */
    private static final int MAX_HEADER_LENGTH = 4096;

    private final String realm;

    JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    /** The caller, or {@code null} when the header is absent or the credentials are refused. */
    Caller authenticate(String authorization) {
        if (authorization == null || authorization.length() > MAX_HEADER_LENGTH
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads Karaf's proxy login module through the context class loader; the web
        // container's request threads carry one that cannot see it.
        thread.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password));
            login.login();
            Set<String> roles = new HashSet<>();
            for (Principal principal : subject.getPrincipals()) {
                if (principal instanceof RolePrincipal) {
                    roles.add(principal.getName());
                }
            }
            return new Caller(user, roles);
        } catch (LoginException e) {
            LOG.debug("REST login of '{}' refused: {}", user, e.getMessage());
            return null;
        } finally {
            thread.setContextClassLoader(previous);
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static void answer(Callback[] callbacks, String user, char[] password)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback pw) {
                pw.setPassword(password.clone());
            } else {
                throw new UnsupportedCallbackException(callback, "only name and password are known here: "
                        + callback.getClass().getName().toLowerCase(Locale.ROOT));
            }
        }
    }
}
