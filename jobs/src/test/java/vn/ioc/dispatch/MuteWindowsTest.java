package vn.ioc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.AlertRule;
import vn.ioc.calendar.WorkingDays;

/** Mute windows in local time: across midnight, on working days or days off of the calendar. */
class MuteWindowsTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  /** 2 September 2024 (a Monday) is a day off; Saturday 14 September a make-up working day. */
  static final WorkingDays CALENDAR =
      WorkingDays.of(
          List.of(
              new WorkingDays.Day(LocalDate.of(2024, 9, 2), WorkingDays.Kind.DAY_OFF, "Quốc khánh"),
              new WorkingDays.Day(
                  LocalDate.of(2024, 9, 14), WorkingDays.Kind.WORKING_DAY, "Làm bù")));

  /** Muted at {@code local}: the windows' end is not that instant itself. */
  static boolean muted(List<String> windows, String local) {
    long t = java.time.LocalDateTime.parse(local).atZone(HCM).toInstant().toEpochMilli();
    return MuteWindows.end(windows, t, HCM, CALENDAR) != t;
  }

  @Test
  void theTextFormIsWhatTheRuleSays() {
    assertEquals(
        "17:30-07:00 working",
        new AlertRule.Mute(LocalTime.of(17, 30), LocalTime.of(7, 0), "working").text());
  }

  @Test
  void aWindowAcrossMidnightBelongsToTheDayItStartsOn() {
    List<String> nights = List.of("17:30-07:00 working");
    assertEquals(false, muted(nights, "2024-09-03T17:29")); // Tuesday, working
    assertEquals(true, muted(nights, "2024-09-03T17:30"));
    assertEquals(true, muted(nights, "2024-09-04T06:59")); // still Tuesday's night
    assertEquals(false, muted(nights, "2024-09-04T07:00"));
    assertEquals(false, muted(nights, "2024-09-02T20:00")); // the holiday is not a working day
    assertEquals(false, muted(nights, "2024-09-03T06:00")); // nor the night after it
  }

  @Test
  void daysOffAreWeekendsAndTheCalendarsHolidaysButNotItsMakeUpDays() {
    List<String> off = List.of("00:00-00:00 off");
    assertEquals(true, muted(off, "2024-09-02T10:00")); // Quốc khánh, a Monday
    assertEquals(false, muted(off, "2024-09-03T10:00"));
    assertEquals(true, muted(off, "2024-09-07T10:00")); // Saturday
    assertEquals(false, muted(off, "2024-09-14T10:00")); // a make-up Saturday
    assertEquals(false, muted(List.of(), "2024-09-07T10:00"));
    assertEquals(true, muted(List.of("12:00-13:00 all"), "2024-09-14T12:30"));
  }

  static String end(List<String> windows, String local) {
    long t =
        MuteWindows.end(
            windows,
            java.time.LocalDateTime.parse(local).atZone(HCM).toInstant().toEpochMilli(),
            HCM,
            CALENDAR);
    return java.time.Instant.ofEpochMilli(t).atZone(HCM).toLocalDateTime().toString();
  }

  @Test
  void aHoldEndsWhereTheWindowsThatFollowOnFromEachOtherEnd() {
    List<String> rules = List.of("17:30-07:00 all", "00:00-00:00 off");
    assertEquals("2024-09-04T07:00", end(rules, "2024-09-03T20:00")); // a night
    assertEquals("2024-09-03T10:00", end(rules, "2024-09-03T10:00")); // not muted
    // Friday evening, the weekend, Sunday night: Monday 07:00
    assertEquals("2024-09-09T07:00", end(rules, "2024-09-06T18:00"));
    // the Quốc khánh Monday runs on into its night and Tuesday morning
    assertEquals("2024-09-03T07:00", end(rules, "2024-09-02T10:00"));
    assertEquals(
        Long.MAX_VALUE,
        MuteWindows.end(List.of("00:00-00:00 all"), 0, HCM, CALENDAR),
        "muted for ever");
  }
}
