package org.atlas.budget.pricing.internal.json;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.api.model.TokenRates;
import org.junit.Test;

/** The catalogue format of docs/catalogue-format.md, read strictly and written back exactly. */
public class CatalogueFileReaderTest {

    static CatalogueFile valid() throws IOException {
        try (Reader reader = new InputStreamReader(
                CatalogueFileReaderTest.class.getResourceAsStream("/catalogue/valid.json"), StandardCharsets.UTF_8)) {
            return CatalogueFileReader.read(reader, "catalogue/valid.json");
        }
    }

    @Test
    public void readsEveryFieldOfTheDocumentedExample() throws IOException {
        CatalogueFile file = valid();
        assertEquals("atlas-list-prices", file.id());
        assertEquals("USD", file.currency().getCurrencyCode());
        assertEquals(3, file.prices().size());

        ModelPrice current = file.prices().get(1);
        assertEquals("openai", current.provider());
        assertEquals("gpt-4o", current.model());
        assertEquals(Set.of("gpt-4o-2024-08-06", "openai/gpt-4o"), current.aliases());
        assertEquals(Operation.CHAT, current.mode());
        assertEquals(Set.of("vision", "tools", "prompt-caching"), current.capabilities());
        assertEquals(LocalDate.parse("2026-06-30"), current.deprecationDate());
        assertEquals("openai/gpt-4o@2024-10-01", current.versionId());
        assertEquals(Instant.parse("2024-10-01T00:00:00Z"), current.effectiveFrom());
        assertEquals(new TokenRates(new BigDecimal("2.50"), new BigDecimal("10.00"), new BigDecimal("1.25"), null, null,
                null), current.tokens());
        assertEquals(200_000, current.tiers().get(0).aboveInputTokens());
        assertEquals(new BigDecimal("0.04"), current.images().get(0).perImage());
        assertEquals(new BigDecimal("0.0001"), current.perAudioSecond());
        assertEquals(new BigDecimal("15.00"), current.perMillionCharacters());
        assertEquals(new BigDecimal("0.01"), current.perRequest());
        assertEquals(new BigDecimal("0.5"), current.batchMultiplier());
    }

    @Test
    public void jsonNumbersAreReadFromTheirLiteralTextExactly() throws IOException {
        ModelPrice claude = valid().prices().get(2);
        assertEquals(Operation.CHAT, claude.mode()); // the default
        assertNull(claude.deprecationDate());
        assertEquals(new BigDecimal("3"), claude.tokens().input());
        assertEquals(new BigDecimal("15.0"), claude.tokens().output());
        // 3e-1 through a double would still be 0.3 here, but 0.1 + 0.2 shows why we never go there.
        assertEquals(0, new BigDecimal("0.3").compareTo(claude.tokens().cacheRead()));
        CatalogueFile tiny = read(catalogue(model("\"tokens\": {\"input\": 1.25e-06, \"output\": 0.1}")));
        assertEquals(new BigDecimal("0.00000125"), tiny.prices().get(0).tokens().input());
        assertEquals(new BigDecimal("0.1"), tiny.prices().get(0).tokens().output());
    }

    @Test
    public void anUnknownFieldIsAnErrorNamingTheEntryAndTheField() {
        CatalogueFormatException e = assertThrows(CatalogueFormatException.class,
                () -> read(catalogue(model("\"tokens\": {\"inptu\": \"2.50\", \"output\": \"10\"}"))));
        assertTrue(e.getMessage(), e.getMessage().contains("'inptu'"));
        assertTrue(e.getMessage(), e.getMessage().contains("models[0] (openai/gpt-4o)"));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown field"));
    }

    @Test
    public void badValuesAreErrorsNamingTheField() {
        assertError(model("\"tokens\": {\"input\": \"-1\", \"output\": \"10\"}"), "'input'", "negative");
        assertError(model("\"tokens\": {\"input\": \"2,50\", \"output\": \"10\"}"), "'input'", "decimal");
        assertError(model("\"tokens\": {\"input\": true, \"output\": \"10\"}"), "'input'", "decimal");
        assertError(model("\"tokens\": {\"output\": \"10\"}"), "'input'", "required");
        assertError(model("\"tokens\": {\"input\": \"1\", \"output\": \"1\"}, \"batchMultiplier\": \"1.5\""),
                "'batchMultiplier'", "at most 1");
        assertError(modelWith("\"mode\": \"CHATTY\",", "\"tokens\": {\"input\": \"1\", \"output\": \"1\"}"),
                "'mode'", "CHATTY");
        assertError(modelWith("\"deprecationDate\": \"30/06/2026\",", "\"tokens\": {\"input\": \"1\", \"output\": \"1\"}"),
                "'deprecationDate'", "30/06/2026");
        assertError(model("\"tokens\": {\"input\": \"1\", \"output\": \"1\"}").replace("2024-10-01T00:00:00Z", "yesterday"),
                "'effectiveFrom'", "yesterday");
        assertError(model("\"tokens\": {\"input\": \"1\", \"output\": \"1\"}, \"tiers\": [{\"aboveInputTokens\": 0,"
                + " \"tokens\": {\"input\": \"1\", \"output\": \"1\"}}]"), "'aboveInputTokens'", "positive");
        assertError(model("\"perRequest\": \"0.01\", \"images\": [{\"size\": \"1024x1024\"}]"), "'perImage'", "required");
    }

    @Test
    public void aPriceWithoutAnyRateIsAnError() {
        assertError(model("\"batchMultiplier\": \"0.5\""), "versions[0]", "at least one rate");
    }

    @Test
    public void aRepeatedVersionIdIsAnError() {
        String version = "{\"id\": \"v1\", \"effectiveFrom\": \"2024-10-01T00:00:00Z\","
                + " \"tokens\": {\"input\": \"1\", \"output\": \"1\"}}";
        String json = "{\"catalogue\": \"c\", \"currency\": \"USD\", \"models\": ["
                + "{\"provider\": \"openai\", \"model\": \"a\", \"versions\": [" + version + "]},"
                + "{\"provider\": \"openai\", \"model\": \"b\", \"versions\": [" + version + "]}]}";
        CatalogueFormatException e = assertThrows(CatalogueFormatException.class, () -> read(json));
        assertTrue(e.getMessage(), e.getMessage().contains("models[1] (openai/b) versions[0] (id v1)"));
        assertTrue(e.getMessage(), e.getMessage().contains("field 'versionId'"));
    }

    @Test
    public void syntaxErrorsAndRepeatedKeysNameTheLineAndColumn() {
        CatalogueFormatException syntax = assertThrows(CatalogueFormatException.class,
                () -> read("{\"catalogue\": \"c\",\n \"currency\": \"USD\"\n \"models\": []}"));
        assertTrue(syntax.getMessage(), syntax.getMessage().contains("line 3"));
        CatalogueFormatException repeated = assertThrows(CatalogueFormatException.class,
                () -> read("{\"catalogue\": \"c\", \"catalogue\": \"d\", \"currency\": \"USD\", \"models\": []}"));
        assertTrue(repeated.getMessage(), repeated.getMessage().contains("'catalogue' appears twice"));
        assertThrows(CatalogueFormatException.class, () -> read("{\"catalogue\": \"c\", // comment\n}"));
    }

    @Test
    public void theWriterRoundTripsEveryFieldExactly() throws IOException {
        CatalogueFile file = valid();
        StringWriter out = new StringWriter();
        CatalogueFileWriter.write(file, out);
        CatalogueFile back = CatalogueFileReader.read(new StringReader(out.toString()), "round-trip");
        assertEquals(file, back);
    }

    private static void assertError(String json, String field, String detail) {
        CatalogueFormatException e = assertThrows(json, CatalogueFormatException.class, () -> read(catalogue(json)));
        assertTrue(e.getMessage(), e.getMessage().contains(field));
        assertTrue(e.getMessage(), e.getMessage().contains(detail));
    }

    private static CatalogueFile read(String json) {
        return CatalogueFileReader.read(new StringReader(json), "test.json");
    }

    private static String catalogue(String models) {
        return models.startsWith("{\"catalogue\"") ? models
                : "{\"catalogue\": \"c\", \"currency\": \"USD\", \"models\": [" + models + "]}";
    }

    private static String model(String versionFields) {
        return modelWith("", versionFields);
    }

    private static String modelWith(String modelFields, String versionFields) {
        return "{\"provider\": \"openai\", \"model\": \"gpt-4o\", " + modelFields + " \"versions\": [{\"id\": \"v1\","
                + " \"effectiveFrom\": \"2024-10-01T00:00:00Z\", " + versionFields + "}]}";
    }
}
