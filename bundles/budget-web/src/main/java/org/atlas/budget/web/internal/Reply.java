package org.atlas.budget.web.internal;

import com.google.gson.JsonElement;

/**
 * What an endpoint answers: a JSON document, or text in another media type (report exports).
 *
 * @param status    the HTTP status
 * @param json      the JSON body, or {@code null} when {@code text} is the body
 * @param text      a non-JSON body, or {@code null}
 * @param mediaType the media type of {@code text}
 * @param fileName  a download name for {@code text}, or {@code null}
 */
record Reply(int status, JsonElement json, String text, String mediaType, String fileName) {

    static Reply ok(JsonElement json) {
        return new Reply(200, json, null, null, null);
    }

    static Reply created(JsonElement json) {
        return new Reply(201, json, null, null, null);
    }

    static Reply noContent() {
        return new Reply(204, null, null, null, null);
    }

    static Reply text(String text, String mediaType, String fileName) {
        return new Reply(200, null, text, mediaType, fileName);
    }
}
