package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;

import org.atlas.budget.api.model.Money;

/** The roundings reports use, each named once. */
final class Amounts {

    /** Percentages (shares, changes) are given to two places, rounded half-even. */
    static final int PERCENT_SCALE = 2;
    static final RoundingMode PERCENT_ROUNDING = RoundingMode.HALF_EVEN;

    /**
     * Intermediate quotients of forecasts and estimates (averages, fractions of a day) are kept to
     * 34 significant digits (IEEE DECIMAL128, half-even); only the result is rounded, to money.
     */
    static final MathContext INTERMEDIATE = MathContext.DECIMAL128;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Amounts() {
    }

    /** An estimate rounded to money with {@link Money#SETTLE_ROUNDING} (half-even, 9 places). */
    static Money money(BigDecimal exact, Currency currency) {
        return Money.of(exact, currency, Money.SETTLE_ROUNDING);
    }

    /** {@code part / whole * 100} to two places, half-even; {@code whole} must not be zero. */
    static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        return part.multiply(HUNDRED).divide(whole, PERCENT_SCALE, PERCENT_ROUNDING);
    }

    /** Without superfluous trailing zeros but with at least two decimals, like {@link Money#toPlainString()}. */
    static String plain(BigDecimal value) {
        BigDecimal display = value.stripTrailingZeros();
        if (display.scale() < 2) {
            display = display.setScale(2, RoundingMode.UNNECESSARY);
        }
        return display.toPlainString();
    }

    /** A change with its sign always shown, e.g. {@code +2.50} or {@code -0.10}. */
    static String signed(BigDecimal value) {
        String text = plain(value);
        return value.signum() > 0 ? "+" + text : text;
    }
}
