package org.atlas.budget.web.internal;

import java.math.BigDecimal;

/**
 * A JSON number exactly as the caller wrote it. The fields that read it decide what form they
 * accept (a plain integer for token counts, a plain decimal for amounts), so an exponent such as
 * {@code 1e999999999} is refused before anything computes with it.
 */
final class NumberLiteral extends Number {

    private static final long serialVersionUID = 1L;

    private final String text;

    NumberLiteral(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    @Override
    public int intValue() {
        return new BigDecimal(text).intValue();
    }

    @Override
    public long longValue() {
        return new BigDecimal(text).longValue();
    }

    @Override
    public float floatValue() {
        return new BigDecimal(text).floatValue();
    }

    @Override
    public double doubleValue() {
        // Only Gson's own equality of trees may call this; no field of ours reads a double.
        return new BigDecimal(text).doubleValue();
    }

    @Override
    public String toString() {
        return text;
    }
}
