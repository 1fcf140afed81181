package org.atlas.budget.web.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

/**
 * Reads a request body as strict JSON into Gson's tree (as budget-pricing's StrictJson reads
 * price files): no comments or unquoted names, a repeated field name is an error, nesting and
 * the length of number literals are bounded, and every number keeps its literal text, so that
 * amounts and token counts are read exactly, never through {@code double}.
 */
final class StrictJsonReader {

    /** Longer than any amount or token count a caller needs; bounds the work on hostile input. */
    static final int MAX_NUMBER_LENGTH = 40;

    private static final int MAX_DEPTH = 32;

    private StrictJsonReader() {
    }

    static JsonElement read(Reader source) {
        JsonReader in = new JsonReader(source);
        in.setStrictness(Strictness.STRICT);
        try {
            if (in.peek() == JsonToken.END_DOCUMENT) {
                throw ApiException.badRequest("the request body is empty; a JSON document is expected");
            }
            JsonElement root = value(in, 0);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw ApiException.badRequest("malformed JSON: content after the document at " + in.getPath());
            }
            return root;
        } catch (EOFException e) {
            throw ApiException.badRequest("malformed JSON: the body is empty or ends early");
        } catch (MalformedJsonException | IllegalStateException e) {
            throw ApiException.badRequest("malformed JSON: " + withoutAdvice(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private static JsonElement value(JsonReader in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw ApiException.badRequest("JSON nested deeper than " + MAX_DEPTH + " at " + in.getPath());
        }
        switch (in.peek()) {
            case BEGIN_OBJECT:
                JsonObject object = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    String name = in.nextName();
                    if (object.has(name)) {
                        throw ApiException.badRequest("field '" + name + "' appears twice in one object at "
                                + in.getPath());
                    }
                    object.add(name, value(in, depth + 1));
                }
                in.endObject();
                return object;
            case BEGIN_ARRAY:
                JsonArray array = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    array.add(value(in, depth + 1));
                }
                in.endArray();
                return array;
            case STRING:
                return new JsonPrimitive(in.nextString());
            case NUMBER:
                String path = in.getPath();
                // On a NUMBER token nextString() returns the literal text: exact, unlike nextDouble().
                String literal = in.nextString();
                if (literal.length() > MAX_NUMBER_LENGTH) {
                    throw ApiException.badRequest("the number at " + path + " is longer than " + MAX_NUMBER_LENGTH
                            + " characters");
                }
                return new JsonPrimitive(new NumberLiteral(literal));
            case BOOLEAN:
                return new JsonPrimitive(in.nextBoolean());
            case NULL:
                in.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw ApiException.badRequest("malformed JSON: unexpected " + in.peek() + " at " + in.getPath());
        }
    }

    /** Gson's messages end with advice for its programmers; a caller needs only where the body is broken. */
    static String withoutAdvice(String message) {
        if (message == null) {
            return "unreadable";
        }
        String text = message.replaceAll("Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON",
                "");
        int link = text.indexOf("See http");
        if (link >= 0) {
            text = text.substring(0, link);
        }
        return text.strip();
    }
}
