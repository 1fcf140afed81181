package org.atlas.budget.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A small HTTP client for the REST API, used inside Karaf by the ITs: HTTP Basic, the CSRF
 * header on state-changing requests unless told otherwise, JSON answers parsed with Gson.
 */
final class RestClient {

    /** An answer: status, body text, and the body as JSON when it is JSON. */
    record Response(int status, String body, HttpResponse<String> raw) {

        JsonObject json() {
            JsonElement element = JsonParser.parseString(body);
            if (!element.isJsonObject()) {
                throw new AssertionError("not a JSON object: " + body);
            }
            return element.getAsJsonObject();
        }

        String error() {
            return json().get("error").getAsString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String origin;
    private final String user;
    private final String password;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private boolean csrfHeader = true;
    private boolean expectContinue;

    private RestClient(String origin, String user, String password) {
        this.origin = origin;
        this.user = user;
        this.password = password;
    }

    static RestClient anonymous(int port) {
        return new RestClient("http://127.0.0.1:" + port, null, null);
    }

    static RestClient as(int port, String user, String password) {
        return new RestClient("http://127.0.0.1:" + port, user, password);
    }

    String origin() {
        return origin;
    }

    /** The same client without the X-Requested-With header. */
    RestClient withoutCsrfHeader() {
        RestClient copy = new RestClient(origin, user, password);
        copy.extraHeaders.putAll(extraHeaders);
        copy.csrfHeader = false;
        copy.expectContinue = expectContinue;
        return copy;
    }

    /**
     * The same client sending bodies behind {@code Expect: 100-continue}, as a well-behaved
     * client sends a large upload: a server that refuses the body from its headers alone (413)
     * answers before the body is sent. Without it the server may close the connection on an
     * unread body while the client still writes, and the client sees a broken pipe instead of
     * the answer.
     */
    RestClient expectingContinue() {
        RestClient copy = new RestClient(origin, user, password);
        copy.extraHeaders.putAll(extraHeaders);
        copy.csrfHeader = csrfHeader;
        copy.expectContinue = true;
        return copy;
    }

    RestClient withHeader(String name, String value) {
        RestClient copy = new RestClient(origin, user, password);
        copy.extraHeaders.putAll(extraHeaders);
        copy.extraHeaders.put(name, value);
        copy.csrfHeader = csrfHeader;
        copy.expectContinue = expectContinue;
        return copy;
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body);
    }

    Response put(String path, String body) {
        return send("PUT", path, body);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response send(String method, String path, String body) {
        String url = path.startsWith("/budget/") ? origin + path : origin + "/budget/api/v1" + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .expectContinue(expectContinue && body != null)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (csrfHeader && !"GET".equals(method)) {
            request.header("X-Requested-With", "atlas-itest");
        }
        extraHeaders.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
