package org.atlas.budget.api.model;

import static org.atlas.budget.api.model.UsageReportTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.Test;

public class PeriodTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    public void hourlyStartsAtTheTopOfTheHour() {
        Period p = Period.of(PeriodKind.HOURLY, UTC);
        assertEquals(t("2026-11-28T13:00:00Z"), p.start(t("2026-11-28T13:59:59.999Z")));
        assertEquals(t("2026-11-28T14:00:00Z"), p.end(t("2026-11-28T13:00:00Z")));
    }

    @Test
    public void dailyFollowsThePolicyTimeZone() {
        Period p = Period.of(PeriodKind.DAILY, BERLIN);
        // 23:30 UTC on the 27th is 00:30 on the 28th in Berlin (UTC+1 in November).
        assertEquals(t("2026-11-27T23:00:00Z"), p.start(t("2026-11-27T23:30:00Z")));
        assertEquals(t("2026-11-28T23:00:00Z"), p.end(t("2026-11-27T23:30:00Z")));
        // One instant before midnight Berlin is still the previous day.
        assertEquals(t("2026-11-26T23:00:00Z"), p.start(t("2026-11-27T22:59:59Z")));
    }

    @Test
    public void dailyPeriodAcrossSpringForwardLasts23Hours() {
        Period p = Period.of(PeriodKind.DAILY, BERLIN);
        Instant noon = t("2026-03-29T10:00:00Z"); // DST starts in Berlin on 2026-03-29
        Instant start = p.start(noon);
        Instant end = p.end(noon);
        assertEquals(t("2026-03-28T23:00:00Z"), start);
        assertEquals(t("2026-03-29T22:00:00Z"), end);
        assertEquals(Duration.ofHours(23), Duration.between(start, end));
    }

    @Test
    public void dailyPeriodAcrossFallBackLasts25Hours() {
        Period p = Period.of(PeriodKind.DAILY, NEW_YORK);
        Instant noon = t("2026-11-01T16:00:00Z"); // DST ends in New York on 2026-11-01
        assertEquals(Duration.ofHours(25), Duration.between(p.start(noon), p.end(noon)));
        assertEquals(t("2026-11-01T04:00:00Z"), p.start(noon));
    }

    @Test
    public void hourlyPeriodsStayOneHourAcrossTheRepeatedLocalHour() {
        Period p = Period.of(PeriodKind.HOURLY, NEW_YORK);
        Instant first = t("2026-11-01T05:30:00Z");  // 01:30 EDT
        Instant second = t("2026-11-01T06:30:00Z"); // 01:30 EST, the same local time
        assertEquals(t("2026-11-01T05:00:00Z"), p.start(first));
        assertEquals(t("2026-11-01T06:00:00Z"), p.start(second));
        assertEquals(Duration.ofHours(1), Duration.between(p.start(second), p.end(second)));
    }

    @Test
    public void weeklyStartsOnIsoMonday() {
        Period p = Period.of(PeriodKind.WEEKLY, UTC);
        // 2026-11-28 is a Saturday; 2026-11-23 the Monday before.
        assertEquals(t("2026-11-23T00:00:00Z"), p.start(t("2026-11-28T10:00:00Z")));
        assertEquals(t("2026-11-30T00:00:00Z"), p.end(t("2026-11-28T10:00:00Z")));
        assertEquals(t("2026-11-30T00:00:00Z"), p.start(t("2026-11-30T00:00:00Z")));
    }

    @Test
    public void monthlyQuarterlyAndYearly() {
        Instant at = t("2026-11-28T10:00:00Z");
        assertEquals(t("2026-11-01T00:00:00Z"), Period.of(PeriodKind.MONTHLY, UTC).start(at));
        assertEquals(t("2026-12-01T00:00:00Z"), Period.of(PeriodKind.MONTHLY, UTC).end(at));
        assertEquals(t("2026-10-01T00:00:00Z"), Period.of(PeriodKind.QUARTERLY, UTC).start(at));
        assertEquals(t("2027-01-01T00:00:00Z"), Period.of(PeriodKind.QUARTERLY, UTC).end(at));
        assertEquals(t("2026-01-01T00:00:00Z"), Period.of(PeriodKind.QUARTERLY, UTC).start(t("2026-03-31T23:59:59Z")));
        assertEquals(t("2026-04-01T00:00:00Z"), Period.of(PeriodKind.QUARTERLY, UTC).start(t("2026-04-01T00:00:00Z")));
        assertEquals(t("2026-01-01T00:00:00Z"), Period.of(PeriodKind.YEARLY, UTC).start(at));
        assertEquals(t("2027-01-01T00:00:00Z"), Period.of(PeriodKind.YEARLY, UTC).end(at));
    }

    @Test
    public void monthlyInATimeZone() {
        Period p = Period.of(PeriodKind.MONTHLY, ZoneId.of("Asia/Tokyo"));
        // 2026-11-30T16:00Z is 2026-12-01T01:00 in Tokyo.
        assertEquals(t("2026-11-30T15:00:00Z"), p.start(t("2026-11-30T16:00:00Z")));
    }

    @Test
    public void rollingWindowsNeverReset() {
        Period p = Period.of(PeriodKind.ROLLING_24H, UTC);
        assertEquals(t("2026-11-27T10:00:00Z"), p.start(t("2026-11-28T10:00:00Z")));
        assertNull(p.end(t("2026-11-28T10:00:00Z")));
        assertTrue(PeriodKind.ROLLING_7D.isRolling());
        assertEquals(Duration.ofDays(30), PeriodKind.ROLLING_30D.window());
        assertFalse(PeriodKind.MONTHLY.isRolling());
    }

    @Test
    public void lifetimeNeverResets() {
        Period p = Period.of(PeriodKind.LIFETIME, UTC);
        assertEquals(Instant.EPOCH, p.start(t("2026-11-28T10:00:00Z")));
        assertNull(p.end(t("2026-11-28T10:00:00Z")));
    }

    @Test
    public void customRangeIsHalfOpen() {
        Period p = Period.custom(t("2026-11-01T00:00:00Z"), t("2026-11-15T00:00:00Z"));
        assertTrue(p.covers(t("2026-11-01T00:00:00Z")));
        assertFalse(p.covers(t("2026-11-15T00:00:00Z")));
        assertFalse(p.covers(t("2026-10-31T23:59:59Z")));
        assertEquals(t("2026-11-01T00:00:00Z"), p.start(t("2026-11-05T00:00:00Z")));
        assertEquals(t("2026-11-15T00:00:00Z"), p.end(t("2026-11-05T00:00:00Z")));
    }

    @Test
    public void customRangeMustBeOrderedAndOnlyForCustom() {
        assertMessage("must be before customEnd",
                () -> Period.custom(t("2026-11-15T00:00:00Z"), t("2026-11-15T00:00:00Z")));
        assertMessage("customStart is required", () -> new Period(PeriodKind.CUSTOM, UTC, null, t("2026-11-15T00:00:00Z")));
        assertMessage("belong to CUSTOM periods only",
                () -> new Period(PeriodKind.DAILY, UTC, t("2026-11-01T00:00:00Z"), null));
    }

    @Test
    public void zonesAreParsedWithAClearError() {
        assertEquals(BERLIN, Period.zone("Europe/Berlin"));
        assertMessage("timeZone must be an IANA zone id", () -> Period.zone("Mars/Olympus"));
        assertEquals(UTC, new Period(PeriodKind.DAILY, null, null, null).zone());
        assertMessage("period must be one of", () -> PeriodKind.parse("fortnightly"));
        assertEquals(PeriodKind.ROLLING_24H, PeriodKind.parse("rolling_24h"));
    }
}
