package org.atlas.budget.persistence.internal.jdbc;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.ImageUsage;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;

/**
 * How values that are not columns of their own are written into a column: instants as epoch
 * nanoseconds (exact, and ordered as numbers), short lists as escaped tab/newline text, and
 * policies, alerts and rules as JSON through their canonical constructors (so what is read back
 * is validated like anything else).
 */
final class Codec {

    static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(Currency.class, new StringAdapter<>(Currency::getCurrencyCode, Currency::getInstance))
            .registerTypeHierarchyAdapter(ZoneId.class, new StringAdapter<>(ZoneId::getId, ZoneId::of))
            .registerTypeAdapter(Instant.class, new StringAdapter<>(Instant::toString, Instant::parse))
            .registerTypeAdapter(Duration.class, new StringAdapter<>(Duration::toString, Duration::parse))
            .registerTypeAdapter(BigDecimal.class, new StringAdapter<>(BigDecimal::toPlainString, BigDecimal::new))
            .disableHtmlEscaping()
            .create();

    private Codec() {
    }

    /** Epoch nanoseconds; instants outside 1677..2262 are rejected rather than wrapped. */
    static long nanos(Instant at) {
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("instant " + at + " is outside the range the store keeps (1677 to 2262)",
                    e);
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    // ---------------------------------------------------------------- escaped fields

    /** Escapes the separators used below: fields never contain a raw tab, newline or percent. */
    static String escape(String value) {
        if (value.indexOf('%') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A");
    }

    static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%09", "\t").replace("%0A", "\n").replace("%25", "%");
    }

    static String tags(Set<String> tags) {
        StringBuilder out = new StringBuilder();
        for (String tag : tags) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(escape(tag));
        }
        return out.toString();
    }

    static Set<String> tags(String column) {
        Set<String> tags = new TreeSet<>();
        if (column != null && !column.isEmpty()) {
            for (String tag : column.split("\n", -1)) {
                tags.add(unescape(tag));
            }
        }
        return tags;
    }

    static String images(List<ImageUsage> images) {
        StringBuilder out = new StringBuilder();
        for (ImageUsage image : images) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(image.count()).append('\t').append(escape(image.size())).append('\t')
                    .append(escape(image.quality()));
        }
        return out.toString();
    }

    static List<ImageUsage> images(String column) {
        List<ImageUsage> images = new ArrayList<>();
        if (column != null && !column.isEmpty()) {
            for (String line : column.split("\n", -1)) {
                String[] f = line.split("\t", -1);
                images.add(new ImageUsage(Integer.parseInt(f[0]), unescape(f[1]), unescape(f[2])));
            }
        }
        return images;
    }

    /** Ledger entries: policy, scope value, period start (epoch nanos), amount, currency. */
    static String ledger(List<LedgerEntry> entries) {
        StringBuilder out = new StringBuilder();
        for (LedgerEntry e : entries) {
            if (out.length() > 0) {
                out.append('\n');
            }
            bucket(out, e.bucket()).append('\t').append(e.amount().amount().toPlainString()).append('\t')
                    .append(e.amount().currency().getCurrencyCode());
        }
        return out.toString();
    }

    static List<LedgerEntry> ledger(String column) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (column != null && !column.isEmpty()) {
            for (String line : column.split("\n", -1)) {
                String[] f = line.split("\t", -1);
                entries.add(new LedgerEntry(new BucketKey(unescape(f[0]), unescape(f[1]), instant(Long.parseLong(f[2]))),
                        Money.of(new BigDecimal(f[3]), Money.currency(f[4]))));
            }
        }
        return entries;
    }

    private static StringBuilder bucket(StringBuilder out, BucketKey key) {
        return out.append(escape(key.policyId())).append('\t').append(escape(key.scopeValue())).append('\t')
                .append(nanos(key.periodStart()));
    }

    static Map<BucketKey, Money> amounts(List<LedgerEntry> entries) {
        Map<BucketKey, Money> map = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            map.put(e.bucket(), e.amount());
        }
        return map;
    }

    /** Text of at most {@code max} characters; longer text is an error, never cut. */
    static String bounded(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long; the store keeps at"
                    + " most " + max);
        }
        return value;
    }

    /** A Gson adapter for values that are one string. */
    private static final class StringAdapter<T> extends TypeAdapter<T> {
        private final java.util.function.Function<T, String> write;
        private final java.util.function.Function<String, T> read;

        StringAdapter(java.util.function.Function<T, String> write, java.util.function.Function<String, T> read) {
            this.write = write;
            this.read = read;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(write.apply(value));
            }
        }

        @Override
        public T read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return read.apply(in.nextString());
        }
    }
}
