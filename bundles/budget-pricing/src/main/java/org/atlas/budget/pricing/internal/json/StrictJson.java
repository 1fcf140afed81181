package org.atlas.budget.pricing.internal.json;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

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
 * Reads JSON into Gson's tree with the guarantees a price file needs and Gson's own
 * {@code JsonParser} does not give: strict syntax (it parses leniently, accepting comments and
 * unquoted names), every number kept as the exact decimal of its literal text (never through
 * {@code double}: {@code 1.25e-06} stays exactly 0.00000125), and duplicate field names either
 * rejected or, for files written by Python such as LiteLLM's, resolved the way Python does.
 */
public final class StrictJson {

    /** What a repeated field name in one object means. */
    public enum Duplicates {
        /** An error: a file we define must say each thing once. */
        REJECT,
        /** The last one wins, as Python's {@code json} module reads it. */
        LAST_WINS
    }

    /** Deeper nesting than any price file needs; bounds the recursion on hostile input. */
    private static final int MAX_DEPTH = 64;

    private StrictJson() {
    }

    /**
     * Reads one JSON document.
     *
     * @throws IllegalArgumentException when the text is not valid JSON, naming the line and column
     * @throws UncheckedIOException     when the reader itself fails
     */
    public static JsonElement read(Reader source, Duplicates duplicates) {
        JsonReader in = new JsonReader(source);
        in.setStrictness(Strictness.STRICT);
        try {
            JsonElement root = value(in, duplicates, 0);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("not valid JSON: content after the document" + where(in));
            }
            return root;
        } catch (MalformedJsonException | EOFException e) {
            throw new IllegalArgumentException("not valid JSON: " + withoutAdvice(e.getMessage()), e);
        } catch (IllegalStateException e) {
            // JsonReader reports some syntax errors (a value where a name belongs) this way.
            throw new IllegalArgumentException("not valid JSON: " + withoutAdvice(e.getMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JSON source", e);
        }
    }

    private static JsonElement value(JsonReader in, Duplicates duplicates, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("not valid here: nested deeper than " + MAX_DEPTH + where(in));
        }
        switch (in.peek()) {
            case BEGIN_OBJECT:
                return object(in, duplicates, depth);
            case BEGIN_ARRAY:
                JsonArray array = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    array.add(value(in, duplicates, depth + 1));
                }
                in.endArray();
                return array;
            case STRING:
                return new JsonPrimitive(in.nextString());
            case NUMBER:
                // On a NUMBER token nextString() returns the literal text: exact, unlike nextDouble().
                return new JsonPrimitive(new BigDecimal(in.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(in.nextBoolean());
            case NULL:
                in.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new IllegalArgumentException("not valid JSON: unexpected " + in.peek() + where(in));
        }
    }

    private static JsonObject object(JsonReader in, Duplicates duplicates, int depth) throws IOException {
        JsonObject object = new JsonObject();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (object.has(name) && duplicates == Duplicates.REJECT) {
                throw new IllegalArgumentException("field '" + name + "' appears twice in one object" + where(in));
            }
            object.add(name, value(in, duplicates, depth + 1));
        }
        in.endObject();
        return object;
    }

    /** " at line L column C path P", as Gson words positions in its own messages. */
    private static String where(JsonReader in) {
        String text = in.toString();
        int at = text.indexOf(" at line ");
        return at >= 0 ? text.substring(at) : " at " + in.getPath();
    }

    /**
     * Gson's messages end with advice for programmers (switch to lenient parsing, a link to its
     * troubleshooting page); an operator needs only where the file is broken.
     */
    static String withoutAdvice(String message) {
        if (message == null) {
            return "unreadable";
        }
        String text = message.replaceAll("Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON",
                "malformed JSON");
        int link = text.indexOf("See http");
        if (link >= 0) {
            text = text.substring(0, link);
        }
        return text.strip();
    }
}
