package org.atlas.budget.reports.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportRow;
import org.atlas.budget.api.model.ReportType;

/**
 * An inline SVG bar chart of a report's spend in its total's currency: a trend as columns per
 * bucket (groups stacked into their bucket's sum), other reports as a bar per row. Geometry is
 * computed from the exact amounts and rounded to 0.1 px (half-even); no amount is rounded.
 */
final class SvgChart {

    /** At most this many bars; the caption says when rows are left out of the chart (never the table). */
    static final int MAX_BARS = 40;

    /** At most this many columns of a trend (a year of days fits). */
    static final int MAX_COLUMNS = 400;

    private static final BigDecimal WIDTH = BigDecimal.valueOf(600);
    private static final BigDecimal HEIGHT = BigDecimal.valueOf(160);

    private SvgChart() {
    }

    static String of(Report report) {
        Currency currency = report.total().currency();
        Map<String, BigDecimal> bars = new LinkedHashMap<>();
        int otherCurrency = 0;
        for (ReportRow row : report.rows()) {
            if (!row.cost().currency().equals(currency)) {
                otherCurrency++;
                continue;
            }
            String label = report.type() == ReportType.TREND ? row.keys().get(0)
                    : row.keys().isEmpty() ? ReportTable.ALL : String.join(" / ", row.keys());
            bars.merge(label, row.cost().amount(), BigDecimal::add);
        }
        if (bars.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, BigDecimal>> entries = new ArrayList<>(bars.entrySet());
        int shown = Math.min(entries.size(), report.type() == ReportType.TREND ? MAX_COLUMNS : MAX_BARS);
        BigDecimal max = entries.stream().map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::max);
        StringBuilder svg = new StringBuilder();
        String caption = "Spend in " + currency.getCurrencyCode()
                + (report.type() == ReportType.TREND ? " per bucket" : " per row")
                + (shown < entries.size() ? "; the first " + shown + " of " + entries.size()
                        + " are charted, the table has all" : "")
                + (otherCurrency > 0 ? "; " + otherCurrency + " rows in other currencies are only in the table" : "");
        svg.append("<figure>\n");
        if (report.type() == ReportType.TREND) {
            columns(svg, entries.subList(0, shown), max);
        } else {
            rows(svg, entries.subList(0, shown), max);
        }
        svg.append("<figcaption>").append(HtmlExporter.escape(caption)).append("</figcaption>\n</figure>\n");
        return svg.toString();
    }

    private static void columns(StringBuilder svg, List<Map.Entry<String, BigDecimal>> entries, BigDecimal max) {
        BigDecimal step = WIDTH.divide(BigDecimal.valueOf(entries.size()), 2, RoundingMode.HALF_EVEN);
        BigDecimal barWidth = step.multiply(new BigDecimal("0.8")).setScale(2, RoundingMode.HALF_EVEN);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"620\" height=\"200\""
                + " viewBox=\"0 0 620 200\">\n");
        for (int i = 0; i < entries.size(); i++) {
            BigDecimal h = scale(entries.get(i).getValue(), max, HEIGHT);
            BigDecimal x = step.multiply(BigDecimal.valueOf(i)).add(BigDecimal.TEN);
            svg.append("<rect x=\"").append(x.toPlainString()).append("\" y=\"")
                    .append(HEIGHT.add(BigDecimal.TEN).subtract(h).toPlainString()).append("\" width=\"")
                    .append(barWidth.toPlainString()).append("\" height=\"").append(h.toPlainString())
                    .append("\" fill=\"#4a78b5\"><title>").append(HtmlExporter.escape(entries.get(i).getKey()))
                    .append(": ").append(Amounts.plain(entries.get(i).getValue())).append("</title></rect>\n");
        }
        svg.append("<text x=\"10\" y=\"190\">").append(HtmlExporter.escape(entries.get(0).getKey()))
                .append("</text>\n<text x=\"610\" y=\"190\" text-anchor=\"end\">")
                .append(HtmlExporter.escape(entries.get(entries.size() - 1).getKey())).append("</text>\n</svg>\n");
    }

    private static void rows(StringBuilder svg, List<Map.Entry<String, BigDecimal>> entries, BigDecimal max) {
        int height = entries.size() * 20 + 10;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"620\" height=\"").append(height)
                .append("\" viewBox=\"0 0 620 ").append(height).append("\">\n");
        BigDecimal barSpace = BigDecimal.valueOf(380);
        for (int i = 0; i < entries.size(); i++) {
            int y = 5 + i * 20;
            BigDecimal w = scale(entries.get(i).getValue(), max, barSpace);
            String label = entries.get(i).getKey();
            svg.append("<text x=\"0\" y=\"").append(y + 13).append("\">")
                    .append(HtmlExporter.escape(label.length() > 30 ? label.substring(0, 29) + "…" : label))
                    .append("</text>\n<rect x=\"200\" y=\"").append(y).append("\" width=\"").append(w.toPlainString())
                    .append("\" height=\"16\" fill=\"#4a78b5\"><title>").append(HtmlExporter.escape(label))
                    .append(": ").append(Amounts.plain(entries.get(i).getValue())).append("</title></rect>\n");
        }
        svg.append("</svg>\n");
    }

    private static BigDecimal scale(BigDecimal value, BigDecimal max, BigDecimal length) {
        if (max.signum() <= 0 || value.signum() <= 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return value.multiply(length).divide(max, 1, RoundingMode.HALF_EVEN);
    }
}
