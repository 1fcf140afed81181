package org.atlas.budget.web.internal;

/**
 * A request that ends with an HTTP status other than success, and a message for the caller. The
 * servlets turn it into a JSON error body; nothing else of it (no stack trace) leaves the server.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }
}
