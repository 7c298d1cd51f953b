package vn.ioc.alerting.weekly;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * One weekly report: it goes on a Monday at 07:30 local time and covers the seven local days before
 * that Monday (Monday to Sunday), which name it by their ISO week ("2024-W19"). A change counts in
 * the report whose time is the first report time at or after it. Dates, not durations, so a report
 * goes at 07:30 whatever the zone's offsets do.
 *
 * @param monday the local date the report goes
 */
public record ReportWeek(LocalDate monday) {
  public static final LocalTime AT = LocalTime.of(7, 30);

  /** The first report at or after engine time {@code t}. */
  public static ReportWeek atOrAfter(long t, ZoneId zone) {
    LocalDate day = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    ReportWeek w = new ReportWeek(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    return w.at(zone) < t ? w.next() : w;
  }

  /** The report going at engine time {@code at} (a Monday 07:30 local time). */
  public static ReportWeek of(long at, ZoneId zone) {
    return new ReportWeek(Instant.ofEpochMilli(at).atZone(zone).toLocalDate());
  }

  /** When it goes: epoch milliseconds. */
  public long at(ZoneId zone) {
    return monday.atTime(AT).atZone(zone).toInstant().toEpochMilli();
  }

  public ReportWeek next() {
    return new ReportWeek(monday.plusWeeks(1));
  }

  public ReportWeek previous() {
    return new ReportWeek(monday.minusWeeks(1));
  }

  /** The first day it covers: the Monday before. */
  public LocalDate firstDay() {
    return monday.minusWeeks(1);
  }

  /** The last day it covers: the Sunday before. */
  public LocalDate lastDay() {
    return monday.minusDays(1);
  }

  /** The ISO week it covers: "2024-W19". */
  public String label() {
    LocalDate d = firstDay();
    return String.format(
        "%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }
}
