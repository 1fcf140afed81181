package org.atlas.budget.web.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * What every request passes before an endpoint sees it, and how every answer is written:
 * authentication (401), the CSRF rule and the roles (403), JSON bodies and JSON errors.
 */
final class HttpGate {

    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private final JaasAuthenticator authenticator;
    private final String realm;

    HttpGate(String realm) {
        this.realm = realm;
        this.authenticator = new JaasAuthenticator(realm);
    }

    /**
     * The caller allowed to make this request, or {@code null} after the refusal was written.
     *
     * @param write whether the request needs {@code budget-admin}
     */
    Caller admit(HttpServletRequest request, HttpServletResponse response, boolean write) throws IOException {
        Caller caller = authenticator.authenticate(request.getHeader("Authorization"));
        if (caller == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
            error(response, 401, "authentication required: HTTP Basic with a user of Karaf's realm '" + realm + "'");
            return null;
        }
        if (Csrf.changesState(request.getMethod())) {
            String refusal = Csrf.refusal(request);
            if (refusal != null) {
                error(response, 403, refusal);
                return null;
            }
        }
        if (write ? !caller.mayWrite() : !caller.mayRead()) {
            error(response, 403, "user '" + caller.name() + "' lacks the role "
                    + (write ? Caller.ADMIN : Caller.VIEWER + " (or " + Caller.ADMIN + ")"));
            return null;
        }
        return caller;
    }

    static void write(HttpServletResponse response, Reply reply) throws IOException {
        noStore(response);
        response.setStatus(reply.status());
        if (reply.json() != null) {
            response.setContentType("application/json;charset=UTF-8");
            try (Writer out = response.getWriter()) {
                GSON.toJson(reply.json(), out);
            }
        } else if (reply.text() != null) {
            response.setContentType(reply.mediaType() + ";charset=UTF-8");
            if (reply.fileName() != null) {
                response.setHeader("Content-Disposition", "attachment; filename=\"" + reply.fileName() + "\"");
            }
            byte[] bytes = reply.text().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("status", status);
        body.addProperty("error", message);
        write(response, new Reply(status, body, null, null, null));
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setCharacterEncoding("UTF-8");
    }
}
