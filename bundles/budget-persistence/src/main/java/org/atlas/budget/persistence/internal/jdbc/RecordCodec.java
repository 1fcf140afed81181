package org.atlas.budget.persistence.internal.jdbc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.atlas.budget.api.model.BucketKey;
import org.atlas.budget.api.model.Charge;
import org.atlas.budget.api.model.Dimensions;
import org.atlas.budget.api.model.ImageUsage;
import org.atlas.budget.api.model.LedgerEntry;
import org.atlas.budget.api.model.Money;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.PricingStatus;
import org.atlas.budget.api.model.Usage;
import org.atlas.budget.api.model.UsageRecord;
import org.atlas.budget.api.model.UsageReport;

/**
 * A usage record as bytes, and a committed batch of them as one value ({@code usage_batch.records}).
 *
 * <p>A batch is {@code FORMAT}, the record count, then each record as its length and its bytes, so
 * a reader looking for one request id reads each record's id and skips the rest. A record is its
 * fields in a fixed order: text as modified UTF-8 (every field is far below its 64 KB limit: the
 * model bounds them to 200 characters or less, ledger entries included), absent text as a flag,
 * instants as epoch nanoseconds, and decimals exactly, as their scale and unscaled digits, so what
 * is read back equals what was written, scale included. Values are rebuilt through their canonical
 * constructors, so a damaged value fails loudly instead of reading back as something else.
 */
final class RecordCodec {

    /** The layout written now; a reader meeting another rejects the value rather than guessing. */
    static final byte FORMAT = 1;

    private RecordCodec() {
    }

    /** The bytes of one record (the caller's thread encodes them; the writer only concatenates). */
    static byte[] encode(UsageRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            UsageReport r = record.report();
            out.writeUTF(r.requestId());
            out.writeUTF(r.provider());
            out.writeUTF(r.model());
            out.writeUTF(r.operation().name());
            out.writeLong(Codec.nanos(r.timestamp()));
            out.writeBoolean(r.success());
            Dimensions d = r.dimensions();
            optional(out, d.userId());
            optional(out, d.projectId());
            optional(out, d.teamId());
            optional(out, d.sessionId());
            out.writeInt(d.tags().size());
            for (String tag : d.tags()) {
                out.writeUTF(tag);
            }
            Usage u = r.usage();
            out.writeLong(u.inputTokens());
            out.writeLong(u.cacheReadTokens());
            out.writeLong(u.cacheWriteTokens());
            out.writeLong(u.cacheWrite1hTokens());
            out.writeLong(u.outputTokens());
            out.writeLong(u.reasoningTokens());
            out.writeInt(u.images().size());
            for (ImageUsage image : u.images()) {
                out.writeInt(image.count());
                out.writeUTF(image.size());
                out.writeUTF(image.quality());
            }
            decimal(out, u.audioSeconds());
            out.writeLong(u.characters());
            out.writeLong(u.requests());
            Charge c = record.charge();
            out.writeUTF(c.status().name());
            out.writeBoolean(c.cost() != null);
            if (c.cost() != null) {
                decimal(out, c.cost().amount());
                out.writeUTF(c.cost().currency().getCurrencyCode());
            }
            optional(out, c.priceVersion());
            optional(out, c.catalogue());
            out.writeLong(Codec.nanos(record.recordedAt()));
            out.writeInt(record.ledger().size());
            for (LedgerEntry e : record.ledger()) {
                out.writeUTF(e.bucket().policyId());
                out.writeUTF(e.bucket().scopeValue());
                out.writeLong(Codec.nanos(e.bucket().periodStart()));
                decimal(out, e.amount().amount());
                out.writeUTF(e.amount().currency().getCurrencyCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding usage record " + record.requestId(), e);
        }
        return bytes.toByteArray();
    }

    /** One batch value from the bytes of its records, in their order. */
    static byte[] batch(List<byte[]> records) {
        int size = 5;
        for (byte[] r : records) {
            size += 4 + r.length;
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(size);
        out.put(FORMAT).putInt(records.size());
        for (byte[] r : records) {
            out.putInt(r.length).put(r);
        }
        return out.array();
    }

    /** Every record of a batch value, in its order. */
    static List<UsageRecord> records(byte[] batch) {
        DataInputStream in = open(batch);
        try {
            int count = in.readInt();
            List<UsageRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                records.add(decode(body));
            }
            return records;
        } catch (IOException e) {
            throw damaged(e);
        }
    }

    /** The record of a batch value with this request id, or null; other records are skipped unread. */
    static UsageRecord find(byte[] batch, String requestId) {
        DataInputStream in = open(batch);
        try {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                if (new DataInputStream(new ByteArrayInputStream(body)).readUTF().equals(requestId)) {
                    return decode(body);
                }
            }
            return null;
        } catch (IOException e) {
            throw damaged(e);
        }
    }

    static UsageRecord decode(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            String requestId = in.readUTF();
            String provider = in.readUTF();
            String model = in.readUTF();
            Operation operation = Operation.valueOf(in.readUTF());
            long ts = in.readLong();
            boolean success = in.readBoolean();
            String user = optional(in);
            String project = optional(in);
            String team = optional(in);
            String session = optional(in);
            int tagCount = in.readInt();
            Set<String> tags = new LinkedHashSet<>();
            for (int i = 0; i < tagCount; i++) {
                tags.add(in.readUTF());
            }
            long input = in.readLong();
            long cacheRead = in.readLong();
            long cacheWrite = in.readLong();
            long cacheWrite1h = in.readLong();
            long output = in.readLong();
            long reasoning = in.readLong();
            int imageCount = in.readInt();
            List<ImageUsage> images = new ArrayList<>(imageCount);
            for (int i = 0; i < imageCount; i++) {
                images.add(new ImageUsage(in.readInt(), in.readUTF(), in.readUTF()));
            }
            BigDecimal audio = decimal(in);
            long characters = in.readLong();
            long requests = in.readLong();
            PricingStatus status = PricingStatus.valueOf(in.readUTF());
            Money cost = in.readBoolean() ? Money.of(decimal(in), Money.currency(in.readUTF())) : null;
            String priceVersion = optional(in);
            String catalogue = optional(in);
            Instant recordedAt = Codec.instant(in.readLong());
            int entries = in.readInt();
            List<LedgerEntry> ledger = new ArrayList<>(entries);
            for (int i = 0; i < entries; i++) {
                BucketKey bucket = new BucketKey(in.readUTF(), in.readUTF(), Codec.instant(in.readLong()));
                ledger.add(new LedgerEntry(bucket, Money.of(decimal(in), Money.currency(in.readUTF()))));
            }
            UsageReport report = new UsageReport(requestId, provider, model, operation, Codec.instant(ts), success,
                    new Dimensions(user, project, team, session, tags),
                    new Usage(input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning, images, audio, characters,
                            requests));
            return new UsageRecord(report, new Charge(status, cost, priceVersion, catalogue), recordedAt, ledger);
        } catch (IOException e) {
            throw damaged(e);
        }
    }

    private static DataInputStream open(byte[] batch) {
        if (batch.length < 5 || batch[0] != FORMAT) {
            throw new IllegalStateException("a usage batch in the store has format "
                    + (batch.length == 0 ? "(empty)" : batch[0]) + "; this version reads format " + FORMAT);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch));
        try {
            in.readByte();
        } catch (IOException e) {
            throw damaged(e);
        }
        return in;
    }

    private static IllegalStateException damaged(IOException e) {
        return new IllegalStateException("a usage batch in the store is damaged: " + e, e);
    }

    private static void optional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void decimal(DataOutputStream out, BigDecimal value) throws IOException {
        byte[] digits = value.unscaledValue().toByteArray();
        out.writeInt(value.scale());
        out.writeShort(digits.length);
        out.write(digits);
    }

    private static BigDecimal decimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] digits = new byte[in.readUnsignedShort()];
        in.readFully(digits);
        return new BigDecimal(new BigInteger(digits), scale);
    }
}
