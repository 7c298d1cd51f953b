package vn.ioc.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
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

  /**
   * The first instant at or after {@code t} that no window mutes: {@code t} itself when none does,
   * else the end of the window that holds it (and of the windows that follow on from it, such as a
   * weekend of days off); {@link Long#MAX_VALUE} when the windows never end.
   */
  public static long end(List<String> windows, long t, ZoneId zone, WorkingDays calendar) {
    if (windows.isEmpty()) return t;
    long at = t;
    for (int i = 0; i < 64; i++) {
      long next = endOfWindowAt(windows, at, zone, calendar);
      if (next == at) return at;
      at = next;
    }
    return Long.MAX_VALUE;
  }

  /** The end of a window muting {@code t}, or {@code t} when none does. */
  private static long endOfWindowAt(
      List<String> windows, long t, ZoneId zone, WorkingDays calendar) {
    ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
    LocalDate day = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    for (String w : windows) {
      LocalTime from = LocalTime.parse(w.substring(0, 5));
      LocalTime to = LocalTime.parse(w.substring(6, 11));
      String days = w.substring(12);
      if (from.isBefore(to)) {
        if (!time.isBefore(from) && time.isBefore(to) && on(days, day, calendar))
          return day.atTime(to).atZone(zone).toInstant().toEpochMilli();
      } else {
        if (!time.isBefore(from) && on(days, day, calendar))
          return day.plusDays(1).atTime(to).atZone(zone).toInstant().toEpochMilli();
        if (time.isBefore(to) && on(days, day.minusDays(1), calendar))
          return day.atTime(to).atZone(zone).toInstant().toEpochMilli();
      }
    }
    return t;
  }

  private static boolean on(String days, LocalDate d, WorkingDays calendar) {
    return switch (days) {
      case "working" -> calendar.isWorkingDay(d);
      case "off" -> !calendar.isWorkingDay(d);
      default -> true;
    };
  }
}
