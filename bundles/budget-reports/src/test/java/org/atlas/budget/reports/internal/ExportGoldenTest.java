package org.atlas.budget.reports.internal;

import static org.atlas.budget.reports.internal.Requests.engine;
import static org.atlas.budget.reports.internal.Requests.request;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atlas.budget.api.model.ExportFormat;
import org.atlas.budget.api.model.Granularity;
import org.atlas.budget.api.model.GroupBy;
import org.atlas.budget.api.model.Report;
import org.atlas.budget.api.model.ReportType;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every exporter against golden files, for one report of each type (the worked examples' data).
 * After an intended change of the output, regenerate with {@code -Dgolden.update=true} and review
 * the diff.
 */
@RunWith(Parameterized.class)
public class ExportGoldenTest {

    @Parameters(name = "{0}.{1}")
    public static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (String report : List.of("summary", "trend", "comparison", "forecast", "optimization")) {
            for (ExportFormat format : ExportFormat.values()) {
                cases.add(new Object[] {report, format});
            }
        }
        return cases;
    }

    private final String name;
    private final ExportFormat format;

    public ExportGoldenTest(String name, ExportFormat format) {
        this.name = name;
        this.format = format;
    }

    static Report report(String name) {
        return switch (name) {
            case "summary" -> engine(TrendReportTest.store()).generate(request(ReportType.SUMMARY,
                    "2026-11-02T00:00:00Z", "2026-11-04T00:00:00Z", null, null, GroupBy.PROVIDER, GroupBy.MODEL));
            case "trend" -> engine(TrendReportTest.store()).generate(request(ReportType.TREND,
                    "2026-11-01T23:00:00Z", "2026-11-04T23:00:00Z", Granularity.DAY, "Europe/Berlin"));
            case "comparison" -> engine(ComparisonReportTest.store()).generate(request(ReportType.COMPARISON,
                    "2026-11-02T00:00:00Z", "2026-11-04T00:00:00Z", null, null, GroupBy.PROVIDER));
            case "forecast" -> engine(ForecastReportTest.fourWeeks()).generate(request(ReportType.FORECAST,
                    "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", null, null, GroupBy.PROVIDER));
            case "optimization" -> engine(OptimizationReportTest.store(), new TestPricing(),
                    new FakeBudgetManager(Map.of("p-idle", "0", "p-busy", "3.00"))).generate(request(
                            ReportType.OPTIMIZATION, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", null, null));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static String export(Report report, ExportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        Exporters.write(report, format, out);
        return out.toString();
    }

    @Test
    public void matchesTheGoldenFile() throws IOException {
        String actual = export(report(name), format);
        String file = name + "." + format.extension();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden", file), actual, StandardCharsets.UTF_8);
        }
        try (InputStream golden = getClass().getResourceAsStream("/golden/" + file)) {
            assertNotNull("golden file " + file + " is missing; run with -Dgolden.update=true", golden);
            assertEquals(file, new String(golden.readAllBytes(), StandardCharsets.UTF_8), actual);
        }
    }
}
