package org.atlas.budget.reports.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class ReportSettingsTest {

    @Test
    public void aBadSettingIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReportSettings(7, 90, 5, 50, 1_000_000));
        assertEquals("forecastHistoryDays must be from 14 to 366, was 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReportSettings(28, 90, 101, 50, 1_000_000));
        assertEquals("cacheRarePercent must be from 0 to 100, was 101", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReportSettings(28, 90, 5, 0, 1_000_000));
        assertEquals("cacheAssumedHitPercent must be from 1 to 100, was 0", e.getMessage());
    }
}
