package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.atlas.budget.api.model.Money;

/** Totals per currency; amounts of different currencies are never added. */
final class Totals {

    private final TreeMap<String, BigDecimal> byCurrency = new TreeMap<>();

    void add(Currency currency, BigDecimal amount) {
        byCurrency.merge(currency.getCurrencyCode(), amount, BigDecimal::add);
    }

    static Totals of(Map<Cell, Tally> cells) {
        Totals totals = new Totals();
        cells.forEach((cell, tally) -> totals.add(cell.currency(), tally.cost));
        return totals;
    }

    BigDecimal get(Currency currency) {
        return byCurrency.getOrDefault(currency.getCurrencyCode(), BigDecimal.ZERO);
    }

    /**
     * The report's single total: the only currency's, or, when spend is in several, the first
     * currency's in code order, with a note that gives every currency's total.
     */
    Money reportTotal(List<String> notes) {
        if (byCurrency.isEmpty()) {
            return Money.zero(UsageSource.UNPRICED_CURRENCY);
        }
        Map.Entry<String, BigDecimal> first = byCurrency.firstEntry();
        if (byCurrency.size() > 1) {
            notes.add("Spend is in " + byCurrency.size() + " currencies, which are never added: "
                    + byCurrency.entrySet().stream().map(e -> Amounts.plain(e.getValue()) + " " + e.getKey())
                            .collect(Collectors.joining(", "))
                    + ". The report's total is the " + first.getKey() + " one.");
        }
        return Money.of(first.getValue(), Currency.getInstance(first.getKey()));
    }

    Currency primaryCurrency() {
        return byCurrency.isEmpty() ? UsageSource.UNPRICED_CURRENCY : Currency.getInstance(byCurrency.firstKey());
    }
}
