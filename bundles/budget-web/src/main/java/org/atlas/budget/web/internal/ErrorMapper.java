package org.atlas.budget.web.internal;

import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.UUID;

import org.atlas.budget.api.BudgetUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides which HTTP status an exception becomes. Messages of the domain's
 * exceptions name the field that is wrong and are meant for callers; anything unexpected is
 * logged with an incident id and answered with that id only, never with a stack trace.
 */
final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /** A status and the message the caller sees. */
    record Problem(int status, String message) {
    }

    private ErrorMapper() {
    }

    static Problem map(Throwable error) {
        if (error instanceof ApiException api) {
            return new Problem(api.status(), api.getMessage());
        }
        if (error instanceof IllegalArgumentException || error instanceof ArithmeticException) {
            // The model's records validate in their constructors and name the field.
            return new Problem(400, message(error));
        }
        if (error instanceof NoSuchElementException) {
            return new Problem(404, message(error));
        }
        if (error instanceof BudgetUnavailableException) {
            LOG.warn("Atlas Budget could not answer a REST request: {}", error.getMessage());
            return new Problem(503, message(error));
        }
        if (error instanceof UnsupportedOperationException) {
            return new Problem(501, message(error));
        }
        if (error instanceof UncheckedIOException) {
            // The client went away or sent a broken stream; nothing was changed.
            return new Problem(400, "the request body could not be read");
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("REST request failed unexpectedly (incident {})", incident, error);
        return new Problem(500, "internal error; the Karaf log has the details under incident " + incident);
    }

    private static String message(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
