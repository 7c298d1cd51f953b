package vn.ioc.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import vn.ioc.alerting.AlertRule;
import vn.ioc.calendar.WorkingDays;

/**
 * A rule's mute windows in local time: notifications are held from {@code from} (inclusive) to
 * {@code to} (exclusive), across midnight when {@code to} is not after {@code from}, on the days
 * {@code all}, {@code working} or {@code off} (weekends and the calendar's days off, make-up
 * working days not included). A window across midnight belongs to the day it starts on. Carried on
 * alert events as text: {@code "17:30-07:00 all"}.
 */
public final class MuteWindows {
  private MuteWindows() {}

  public static String text(AlertRule.Mute m) {
    return m.from() + "-" + m.to() + " " + m.days();
  }

  /** Whether {@code t} lies in one of the windows. */
  public static boolean muted(List<String> windows, long t, ZoneId zone, WorkingDays calendar) {
    if (windows.isEmpty()) return false;
    ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
    LocalDate day = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    for (String w : windows) {
      LocalTime from = LocalTime.parse(w.substring(0, 5));
      LocalTime to = LocalTime.parse(w.substring(6, 11));
      String days = w.substring(12);
      if (from.isBefore(to)) {
        if (!time.isBefore(from) && time.isBefore(to) && on(days, day, calendar)) return true;
      } else {
        if (!time.isBefore(from) && on(days, day, calendar)) return true;
        if (time.isBefore(to) && on(days, day.minusDays(1), calendar)) return true;
      }
    }
    return false;
  }

  private static boolean on(String days, LocalDate d, WorkingDays calendar) {
    return switch (days) {
      case "working" -> calendar.isWorkingDay(d);
      case "off" -> !calendar.isWorkingDay(d);
      default -> true;
    };
  }
}
