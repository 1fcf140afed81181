package org.atlas.budget.api.model;

import java.math.BigDecimal;
import java.util.Locale;

/** Argument checks shared by the records of this package; each message names the field. */
final class Checks {

    static final int MAX_ID_LENGTH = 256;

    private Checks() {
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    static BigDecimal nonNegative(BigDecimal value, String field) {
        required(value, field);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value.toPlainString());
        }
        return value;
    }

    /** Null stays null; otherwise trimmed, non-blank, bounded and free of control characters. */
    static String optionalText(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        return text(value, field, maxLength);
    }

    static String text(String value, String field, int maxLength) {
        required(value, field);
        // The same string objects come back on every call (a provider, a model, a user, a price
        // version): a string seen valid before needs only its length checked against this field.
        int slot = value.hashCode() & (RECENTLY_VALID.length - 1);
        if (RECENTLY_VALID[slot] == value) {
            if (value.length() > maxLength) {
                throw new IllegalArgumentException(
                        field + " must be at most " + maxLength + " characters, was " + value.length());
            }
            return value;
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (trimmed.length() > maxLength) {
            throw new IllegalArgumentException(
                    field + " must be at most " + maxLength + " characters, was " + trimmed.length());
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (Character.isISOControl(trimmed.charAt(i))) {
                throw new IllegalArgumentException(field + " must not contain control characters");
            }
        }
        if (trimmed == value) {
            RECENTLY_VALID[slot] = value;
        }
        return trimmed;
    }

    /**
     * Strings that passed {@link #text} as they are (nothing to strip), by hash. Shared by all
     * threads without synchronisation on purpose: a String is immutable and safely published
     * through its final fields, so a reader sees a whole string or a stale one, and a lost write
     * only costs a full check the next time.
     */
    private static final String[] RECENTLY_VALID = new String[256];

    /** Identifiers that end up in file names, URLs and metric labels: a safe, small alphabet. */
    static String identifier(String value, String field) {
        String id = text(value, field, 64);
        if (!isIdentifier(id)) {
            throw new IllegalArgumentException(field + " may contain only letters, digits, '.', '_' and '-'"
                    + " and must start with a letter or digit, was '" + id + "'");
        }
        return id;
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]*}, checked by hand: ids are checked on every call. */
    private static boolean isIdentifier(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return !id.isEmpty();
    }

    /** Provider ids are case-insensitive everywhere, so they are kept in lower case. */
    static String provider(String value, String field) {
        return identifier(value, field).toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
        required(value, field);
        String key = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(key)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(field + " must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'");
    }
}
