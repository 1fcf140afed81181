package org.atlas.budget.pricing.internal.extender;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class CatalogueHeaderTest {

    @Test
    public void aPathWithOrWithoutARanking() {
        assertEquals(new CatalogueHeader("catalogue/atlas-list-prices.json", 0),
                CatalogueHeader.parse("catalogue/atlas-list-prices.json"));
        assertEquals(new CatalogueHeader("catalogue/atlas-list-prices.json", 10),
                CatalogueHeader.parse("catalogue/atlas-list-prices.json;ranking:=10"));
        assertEquals(new CatalogueHeader("prices.json", -5), CatalogueHeader.parse(" /prices.json ; ranking:=\"-5\" "));
    }

    @Test
    public void anythingElseIsAnErrorSayingWhat() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CatalogueHeader.parse("a.json;ranking:=high"))
                .getMessage().contains("'high'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CatalogueHeader.parse("a.json;rank:=1"))
                .getMessage().contains("unknown directive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CatalogueHeader.parse("a.json,b.json"))
                .getMessage().contains("one catalogue per bundle"));
        assertThrows(IllegalArgumentException.class, () -> CatalogueHeader.parse(" ;ranking:=1"));
    }
}
