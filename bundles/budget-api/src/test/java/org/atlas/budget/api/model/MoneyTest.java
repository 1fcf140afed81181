package org.atlas.budget.api.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.Test;

public class MoneyTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    public void equalAmountsWithDifferentScalesAreEqual() {
        assertEquals(Money.of("1.5", "USD"), Money.of("1.500000", "USD"));
        assertEquals(Money.of("1.5", "USD").hashCode(), Money.of("1.50", "USD").hashCode());
    }

    @Test
    public void keepsNanoPrecisionExactly() {
        Money m = Money.of("0.000000001", "USD");
        assertEquals(1L, m.toNanos());
        assertEquals(Money.ofNanos(1, USD), m);
    }

    @Test
    public void rejectsMorePrecisionThanNanos() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Money.of("0.0000000001", "USD"));
        assertTrue(e.getMessage(), e.getMessage().contains("more than 9 decimal places"));
    }

    @Test
    public void trailingZerosBeyondNanosAreNotPrecision() {
        assertEquals(Money.of("2", "USD"), new Money(new BigDecimal("2.0000000000000"), USD));
    }

    @Test
    public void reserveRoundsUpAndSettleRoundsHalfEven() {
        BigDecimal exact = new BigDecimal("0.0000000025");
        assertEquals(3L, Money.of(exact, USD, Money.RESERVE_ROUNDING).toNanos());
        assertEquals(2L, Money.of(exact, USD, Money.SETTLE_ROUNDING).toNanos());
        BigDecimal exact35 = new BigDecimal("0.0000000035");
        assertEquals(4L, Money.of(exact35, USD, Money.SETTLE_ROUNDING).toNanos());
        assertEquals(1L, Money.of(new BigDecimal("0.0000000000001"), USD, Money.RESERVE_ROUNDING).toNanos());
    }

    @Test
    public void rejectsUnknownCurrencyNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Money.of("1", "XYZW"));
        assertTrue(e.getMessage(), e.getMessage().contains("XYZW"));
    }

    @Test
    public void rejectsNonNumericAmountNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Money.of("1,5", "USD"));
        assertTrue(e.getMessage(), e.getMessage().contains("'1,5'"));
    }

    @Test
    public void rejectsMissingParts() {
        assertThrows(IllegalArgumentException.class, () -> new Money(null, USD));
        assertThrows(IllegalArgumentException.class, () -> new Money(BigDecimal.ONE, null));
    }

    @Test
    public void neverMixesCurrencies() {
        Money usd = Money.of("1", "USD");
        Money eur = Money.zero(EUR);
        assertThrows(IllegalArgumentException.class, () -> usd.plus(eur));
        assertThrows(IllegalArgumentException.class, () -> usd.minus(eur));
        assertThrows(IllegalArgumentException.class, () -> usd.compareTo(eur));
    }

    @Test
    public void arithmeticIsExact() {
        Money a = Money.of("0.1", "USD");
        Money sum = Money.zero(USD);
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(a);
        }
        assertEquals(Money.of("1", "USD"), sum);
        assertEquals(Money.of("-0.9", "USD"), a.minus(Money.of("1", "USD")));
        assertTrue(a.minus(Money.of("1", "USD")).isNegative());
        assertEquals(Money.of("0.1", "USD"), a.max(Money.zero(USD)));
        assertEquals(Money.zero(USD), a.min(Money.zero(USD)));
    }

    @Test
    public void toNanosRefusesToOverflow() {
        Money huge = Money.of("100000000000", "USD");
        assertThrows(ArithmeticException.class, huge::toNanos);
    }

    @Test
    public void printsPlainWithAtLeastTwoDecimals() {
        assertEquals("1.50 USD", Money.of("1.5", "USD").toString());
        assertEquals("0.000125", Money.of("0.000125", "USD").toPlainString());
        assertEquals("12.00", Money.of("12", "USD").toPlainString());
        assertNotEquals(Money.of("1", "USD"), Money.of("1", "EUR"));
    }
}
