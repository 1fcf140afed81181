package org.atlas.budget.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;

/**
 * One REST request as the endpoints see it: method, path segments after {@code /budget/api/v1},
 * query parameters, the authenticated caller and the body (read at most once, within a size limit).
 */
final class Call {

    private final String method;
    private final List<String> segments;
    private final Map<String, String[]> params;
    private final Caller caller;
    private final BodySource source;
    private final long contentLength;
    private InputStream body;

    /** Opens the request body; opened only when an endpoint reads it. */
    @FunctionalInterface
    interface BodySource {
        InputStream open() throws IOException;
    }

    Call(String method, List<String> segments, Map<String, String[]> params, Caller caller, BodySource source,
            long contentLength) {
        this.method = method;
        this.segments = segments;
        this.params = params;
        this.caller = caller;
        this.source = source;
        this.contentLength = contentLength;
    }

    /**
     * The body stream, opened on first use. Not at construction: the servlet container answers a
     * client's {@code Expect: 100-continue} when the stream is opened, so a body refused from its
     * declared length alone (413) is refused before the client sends it.
     */
    private InputStream body() throws IOException {
        if (body == null) {
            body = source.open();
        }
        return body;
    }

    String method() {
        return method;
    }

    List<String> segments() {
        return segments;
    }

    String segment(int i) {
        return segments.get(i);
    }

    Caller caller() {
        return caller;
    }

    Query query(String... known) {
        return Query.of(params, known);
    }

    /** Whether the request has a body at all (an abort may come without one). */
    boolean hasBody() {
        if (contentLength > 0) {
            return true;
        }
        if (contentLength == 0) {
            return false;
        }
        try {
            InputStream in = body();
            if (!in.markSupported()) {
                return in.available() > 0;
            }
            in.mark(1);
            int first = in.read();
            in.reset();
            return first >= 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the request body", e);
        }
    }

    /** The body as strict JSON, refused with 413 past {@code maxBytes}. */
    JsonElement json(int maxBytes) {
        return StrictJsonReader.read(reader(maxBytes));
    }

    /** The body as text, refused with 413 past {@code maxBytes}. */
    Reader reader(int maxBytes) {
        if (contentLength > maxBytes) {
            throw new ApiException(413, "the request body is larger than " + maxBytes + " bytes");
        }
        try {
            return new InputStreamReader(new LimitedStream(body(), maxBytes), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the request body", e);
        }
    }

    /** Stops reading past the limit: Content-Length may be absent (chunked) or untrue. */
    private static final class LimitedStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long read;

        LimitedStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ApiException(413, "the request body is larger than " + limit + " bytes");
            }
        }
    }
}
