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
        return copy;
    }

    RestClient withHeader(String name, String value) {
        RestClient copy = new RestClient(origin, user, password);
        copy.extraHeaders.putAll(extraHeaders);
        copy.extraHeaders.put(name, value);
        copy.csrfHeader = csrfHeader;
        return copy;
    }

    /**
     * Sends a POST's headers declaring a body of {@code contentLength} bytes, but not the body,
     * and reads the answer: what a server that refuses a body from its declared length alone
     * says before any of it arrives. (Sending such a body with the HTTP client races the
     * server closing the connection on the unread upload, a broken pipe instead of the answer;
     * and JDK 17's client waits forever on {@code Expect: 100-continue} answered with a 413.)
     */
    Response postDeclaringOnly(String path, long contentLength) {
        URI uri = URI.create(origin + "/budget/api/v1" + path);
        StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n")
                .append("Connection: close\r\n");
        if (user != null) {
            head.append("Authorization: ").append(basicAuthorization()).append("\r\n");
        }
        if (csrfHeader) {
            head.append("X-Requested-With: atlas-itest\r\n");
        }
        extraHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            // Jetty 9.4 answers only once it gives up waiting for the declared body, at its idle
            // timeout (30 s): the answer is then the 413 the servlet wrote at once.
            socket.setSoTimeout(90_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // Read up to the end of the answer, not to the end of the connection.
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            String answer = "";
            for (int n; !answerComplete(answer) && (n = socket.getInputStream().read(buffer)) > 0;) {
                received.write(buffer, 0, n);
                answer = received.toString(StandardCharsets.UTF_8);
            }
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            int bodyAt = answer.indexOf("\r\n\r\n");
            return new Response(status, bodyAt < 0 ? "" : answer.substring(bodyAt + 4), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("POST " + uri + " (headers only) failed", e);
        }
    }

    private String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a raw HTTP/1.1 answer has arrived whole: by its Content-Length, or its last chunk. */
    private static boolean answerComplete(String answer) {
        int bodyAt = answer.indexOf("\r\n\r\n");
        if (bodyAt < 0) {
            return false;
        }
        String head = answer.substring(0, bodyAt).toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
        if (length.find()) {
            return answer.getBytes(StandardCharsets.UTF_8).length - (bodyAt + 4) >= Integer.parseInt(length.group(1));
        }
        return !head.contains("chunked") || answer.endsWith("\r\n0\r\n\r\n");
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
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", basicAuthorization());
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
