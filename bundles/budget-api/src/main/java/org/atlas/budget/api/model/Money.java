package org.atlas.budget.api.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * An exact amount of money in one ISO-4217 currency.
 *
 * <p>Amounts are kept to {@value #SCALE} decimal places (nano-units of the currency), so
 * that the price of a single token, a fraction of a cent, is still exact. The constructor
 * never rounds: an amount with more decimal places is rejected. Where a computation yields
 * more precision, round it explicitly with {@link #of(BigDecimal, Currency, RoundingMode)} and
 * one of the two named rules:
 * <ul>
 * <li>{@link #RESERVE_ROUNDING} (towards positive infinity) for amounts reserved before a call,
 * so a hold is never smaller than the exact worst case;</li>
 * <li>{@link #SETTLE_ROUNDING} (half-even, banker's rounding) for the cost charged after a call,
 * so rounding errors do not drift in one direction over many records.</li>
 * </ul>
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** Decimal places kept: nano-units of the currency. */
    public static final int SCALE = 9;

    /** The rounding rule for reservations: up, never below the exact amount. */
    public static final RoundingMode RESERVE_ROUNDING = RoundingMode.CEILING;

    /** The rounding rule for settled costs: half-even. */
    public static final RoundingMode SETTLE_ROUNDING = RoundingMode.HALF_EVEN;


    public Money {
        Checks.required(amount, "amount");
        Checks.required(currency, "currency");
        if (amount.scale() > SCALE && amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " has more than " + SCALE
                    + " decimal places; round it with RESERVE_ROUNDING or SETTLE_ROUNDING first");
        }
        // One scale for every instance, so that equals() agrees with compareTo().
        amount = amount.scale() == SCALE ? amount : amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /** Parses an exact decimal amount, such as {@code "12.50"}, and an ISO-4217 code. */
    public static Money of(String amount, String currencyCode) {
        Checks.required(amount, "amount");
        BigDecimal value;
        try {
            value = new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount must be a decimal number, was '" + amount + "'", e);
        }
        return new Money(value, currency(currencyCode));
    }

    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    /** Rounds an exact result to {@value #SCALE} places with the given, named rule. */
    public static Money of(BigDecimal exact, Currency currency, RoundingMode rounding) {
        Checks.required(exact, "amount");
        Checks.required(rounding, "rounding");
        return new Money(exact.setScale(SCALE, rounding), currency);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money ofNanos(long nanos, Currency currency) {
        return new Money(BigDecimal.valueOf(nanos, SCALE), currency);
    }

    /** Looks up an ISO-4217 currency code, with a message that names the bad code. */
    public static Currency currency(String code) {
        Checks.required(code, "currency");
        try {
            return Currency.getInstance(code.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO-4217 code such as USD, was '" + code + "'", e);
        }
    }

    /** The amount in nano-units; exact. Throws {@link ArithmeticException} past {@code long}'s range. */
    public long toNanos() {
        // The amount always has scale 9: moving the point gives scale 0, which longValueExact reads
        // directly (a multiplication by 10^9 left scale 9, which it had to divide away again).
        return amount.scaleByPowerOfTen(SCALE).longValueExact();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** The amount without superfluous trailing zeros but with at least two decimals, e.g. {@code 0.000125}. */
    public String toPlainString() {
        BigDecimal display = amount.stripTrailingZeros();
        if (display.scale() < 2) {
            display = display.setScale(2, RoundingMode.UNNECESSARY);
        }
        return display.toPlainString();
    }

    private void requireSameCurrency(Money other) {
        Checks.required(other, "other");
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency.getCurrencyCode() + " with "
                    + other.currency.getCurrencyCode() + "; amounts of different currencies are never mixed");
        }
    }

    @Override
    public String toString() {
        return toPlainString() + " " + currency.getCurrencyCode();
    }
}
