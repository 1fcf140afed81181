package org.atlas.budget.web.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import javax.servlet.http.HttpServletRequest;

/**
 * The CSRF rule of the contract: a state-changing request must carry {@code X-Requested-With}
 * (any value; a cross-site form or image cannot set it, and a cross-site script cannot set it
 * without a CORS preflight this server never grants) and, when it has an {@code Origin}, a
 * same-origin one.
 */
final class Csrf {

    private Csrf() {
    }

    static boolean changesState(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    /** Why the request is refused, or {@code null} when it passes. */
    static String refusal(HttpServletRequest request) {
        String marker = request.getHeader("X-Requested-With");
        if (marker == null || marker.isBlank()) {
            return "a state-changing request must carry the header X-Requested-With (any value)";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            return "the Origin " + JsonFields.shorten(origin) + " is not this server's origin";
        }
        return null;
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            return false;
        }
        try {
            URI o = new URI(origin.strip());
            if (o.getScheme() == null || o.getHost() == null) {
                return false;
            }
            String scheme = o.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))) {
                return false;
            }
            int port = o.getPort() == -1 ? ("https".equals(scheme) ? 443 : 80) : o.getPort();
            URI h = new URI(scheme + "://" + host.strip());
            int hostPort = h.getPort() == -1 ? ("https".equals(scheme) ? 443 : 80) : h.getPort();
            return h.getHost() != null && o.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
