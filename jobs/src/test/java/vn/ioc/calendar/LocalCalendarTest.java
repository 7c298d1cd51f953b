package vn.ioc.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LocalCalendarTest {
  static final LocalCalendar HCM = new LocalCalendar(ZoneId.of("Asia/Ho_Chi_Minh"));

  static long t(String rfc3339) {
    return OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
  }

  @Test
  void daysStartAtLocalMidnightNotUtcMidnight() {
    // 16:59:59Z on 31 March is 23:59:59 local: still 31 March
    assertEquals(
        t("2024-03-31T00:00:00+07:00"), HCM.start(WindowLevel.DAY, t("2024-03-31T16:59:59Z")));
    assertEquals(
        t("2024-04-01T00:00:00+07:00"), HCM.start(WindowLevel.DAY, t("2024-03-31T17:00:00Z")));
    assertEquals(
        t("2024-04-01T00:00:00+07:00"), HCM.end(WindowLevel.DAY, t("2024-03-31T00:00:00+07:00")));
  }

  @Test
  void monthsAreLocalCalendarMonths() {
    assertEquals(
        t("2024-02-01T00:00:00+07:00"),
        HCM.start(WindowLevel.MONTH, t("2024-02-29T23:59:59+07:00")));
    assertEquals(
        t("2024-03-01T00:00:00+07:00"), HCM.end(WindowLevel.MONTH, t("2024-02-01T00:00:00+07:00")));
    assertEquals(
        t("2024-12-01T00:00:00+07:00"), HCM.start(WindowLevel.MONTH, t("2024-12-31T16:59:59Z")));
    assertEquals(
        t("2025-01-01T00:00:00+07:00"), HCM.start(WindowLevel.MONTH, t("2024-12-31T17:00:00Z")));
  }

  @Test
  void hoursFollowTheLocalOffset() {
    LocalCalendar india = new LocalCalendar(ZoneId.of("Asia/Kolkata"));
    assertEquals(
        t("2024-03-31T08:00:00+05:30"),
        india.start(WindowLevel.HOUR, t("2024-03-31T08:59:59+05:30")));
    assertEquals(
        t("2024-03-31T08:00:00+07:00"),
        HCM.start(WindowLevel.HOUR, t("2024-03-31T08:59:59.999+07:00")));
  }

  @Test
  void daysWithDaylightSavingHaveTheirRealLength() {
    LocalCalendar paris = new LocalCalendar(ZoneId.of("Europe/Paris"));
    long start = paris.start(WindowLevel.DAY, t("2024-03-31T12:00:00+02:00"));
    assertEquals(23 * 3_600_000L, paris.end(WindowLevel.DAY, start) - start);
  }

  @Test
  void aPeriodBelongsToTheFinestWindowThatContainsAllOfIt() {
    assertEquals(
        WindowLevel.MINUTE,
        HCM.finestContaining(t("2024-03-31T08:00:30+07:00"), t("2024-03-31T08:00:30+07:00")));
    assertEquals(
        WindowLevel.MINUTE,
        HCM.finestContaining(t("2024-03-31T08:00:00+07:00"), t("2024-03-31T08:01:00+07:00")));
    assertEquals(
        WindowLevel.HOUR,
        HCM.finestContaining(t("2024-03-31T08:00:00+07:00"), t("2024-03-31T08:05:00+07:00")));
    assertEquals(
        WindowLevel.DAY,
        HCM.finestContaining(t("2024-03-31T08:00:00+07:00"), t("2024-03-31T10:00:00+07:00")));
    assertEquals(
        WindowLevel.DAY,
        HCM.finestContaining(t("2024-03-31T00:00:00+07:00"), t("2024-04-01T00:00:00+07:00")));
    assertEquals(
        WindowLevel.MONTH,
        HCM.finestContaining(t("2024-03-30T00:00:00+07:00"), t("2024-04-01T00:00:00+07:00")));
    assertNull(
        HCM.finestContaining(t("2024-03-30T00:00:00+07:00"), t("2024-04-01T00:00:01+07:00")));
  }

  @Test
  void daysBeforeTheZonesLastOffsetChangeUseTheOffsetOfTheirTime() {
    // Saigon kept +08:00 until 13 June 1975; local days since then start at 17:00Z
    assertEquals(
        t("1970-06-15T00:00:00+08:00"), HCM.start(WindowLevel.DAY, t("1970-06-15T12:00:00+08:00")));
    assertEquals(
        t("1970-06-16T00:00:00+08:00"), HCM.end(WindowLevel.DAY, t("1970-06-15T00:00:00+08:00")));
    assertEquals(
        t("1975-06-14T00:00:00+07:00"), HCM.start(WindowLevel.DAY, t("1975-06-14T12:00:00+07:00")));
  }

  @Test
  void everyDayIsTheZonesOwnLocalDayWhicheverOrderTheyAreAskedIn() {
    for (String id : new String[] {"Asia/Ho_Chi_Minh", "UTC", "Europe/Paris", "Asia/Kolkata"}) {
      ZoneId zone = ZoneId.of(id);
      LocalCalendar calendar = new LocalCalendar(zone);
      java.time.LocalDate first = java.time.LocalDate.of(2023, 1, 1);
      for (int k = 0; k < 800; k++) { // a day of 2023, then one of 2024, and so on: no cache hit
        java.time.LocalDate day = first.plusDays(k % 2 == 0 ? k / 2 : 400 + k / 2);
        long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        assertEquals(start, calendar.start(WindowLevel.DAY, end - 1), id + " " + day);
        assertEquals(end, calendar.end(WindowLevel.DAY, start), id + " " + day);
      }
    }
  }
}
