package org.atlas.budget.pricing.internal.override;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.atlas.budget.api.model.ModelPrice;
import org.atlas.budget.api.model.Operation;
import org.atlas.budget.pricing.testing.Configs;
import org.junit.Test;

/** Override configurations: exact decimals from strings, and errors that name the key. */
public class OverridePricesTest {

    static OverrideConfig config(String... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Configs.of(OverrideConfig.class, values);
    }

    @Test
    public void aTokenOverrideWithDefaults() {
        ModelPrice price = OverridePrices.parse(config("provider", "OpenAI", "model", "gpt-4o", "input", "2.25",
                "output", "9.00", "cacheRead", " 1.125 "));
        assertEquals("openai", price.provider());
        assertEquals(Operation.CHAT, price.mode());
        assertEquals("USD", price.currency().getCurrencyCode());
        assertEquals(Instant.EPOCH, price.effectiveFrom());
        assertEquals(new BigDecimal("2.25"), price.tokens().input());
        assertEquals(new BigDecimal("9.00"), price.tokens().output());
        assertEquals(new BigDecimal("1.125"), price.tokens().cacheRead());
        assertNull(price.tokens().reasoning());
        assertEquals("override:openai/gpt-4o", OverridePrices.catalogueId(price));
        assertTrue(price.versionId(), price.versionId().startsWith("override:openai/gpt-4o@1970-01-01T00:00:00Z#"));
    }

    @Test
    public void otherUnitsModeCurrencyAndDate() {
        ModelPrice price = OverridePrices.parse(config("provider", "openai", "model", "whisper-1", "mode",
                "speech-to-text", "currency", "EUR", "effectiveFrom", "2025-03-01T00:00:00Z", "perAudioSecond",
                "0.0001"));
        assertEquals(Operation.SPEECH_TO_TEXT, price.mode());
        assertEquals("EUR", price.currency().getCurrencyCode());
        assertEquals(Instant.parse("2025-03-01T00:00:00Z"), price.effectiveFrom());
        assertEquals(new BigDecimal("0.0001"), price.perAudioSecond());
        assertNull(price.tokens());
    }

    @Test
    public void editingARateGivesANewVersionId() {
        String first = OverridePrices.parse(config("provider", "openai", "model", "gpt-4o", "input", "2", "output", "8"))
                .versionId();
        String second = OverridePrices.parse(config("provider", "openai", "model", "gpt-4o", "input", "2", "output", "9"))
                .versionId();
        assertNotEquals(first, second);
    }

    @Test
    public void badValuesNameTheKey() {
        assertKey("provider", config("model", "gpt-4o", "input", "1", "output", "1"));
        assertKey("model", config("provider", "openai", "input", "1", "output", "1"));
        assertKey("input", config("provider", "openai", "model", "m", "input", "2,50", "output", "1"));
        assertKey("output", config("provider", "openai", "model", "m", "input", "1", "output", "-1"));
        assertKey("output", config("provider", "openai", "model", "m", "input", "1"));
        assertKey("cacheRead", config("provider", "openai", "model", "m", "cacheRead", "1", "perRequest", "1"));
        assertKey("mode", config("provider", "openai", "model", "m", "mode", "CHATTY", "input", "1", "output", "1"));
        assertKey("currency", config("provider", "openai", "model", "m", "currency", "DOLLARS", "input", "1",
                "output", "1"));
        assertKey("effectiveFrom", config("provider", "openai", "model", "m", "effectiveFrom", "2025-03-01",
                "input", "1", "output", "1"));
        assertKey("input", config("provider", "openai", "model", "m"));
        assertKey("provider", config("provider", "open ai", "model", "m", "input", "1", "output", "1"));
    }

    @Test
    public void aMisspelledKeyIsRefusedButFrameworkKeysAreNot() {
        OverrideConfig config = config("provider", "openai", "model", "m", "input", "1", "output", "1");
        InvalidOverrideException e = assertThrows(InvalidOverrideException.class, () -> OverridePrices.parse(config,
                Set.of("provider", "model", "input", "output", "cacheRaed", "service.pid", "felix.fileinstall.filename")));
        assertEquals("cacheRaed", e.key());
        assertEquals("m", OverridePrices.parse(config, Set.of("provider", "model", "input", "output", "service.pid",
                "component.name")).model());
    }

    private static void assertKey(String key, OverrideConfig config) {
        InvalidOverrideException e = assertThrows(InvalidOverrideException.class, () -> OverridePrices.parse(config));
        assertEquals(e.getMessage(), key, e.key());
        assertTrue(e.getMessage(), e.getMessage().startsWith("key '" + key + "'"));
    }
}
