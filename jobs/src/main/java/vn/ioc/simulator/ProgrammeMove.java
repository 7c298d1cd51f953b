package vn.ioc.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.progress.ProgressReport;
import vn.ioc.reference.ReferenceData;

/**
 * The reference programme moved to another time by whole weeks, so that a demo started today shows
 * the programme as it stood on its reference date rather than years overdue. Every date moves by
 * the same number of weeks, so reporting weekdays stay; a report that lands on a day off is made on
 * the next working day, at the same time; a deadline that lands on one ends on the next working day
 * (as a period ending on a day off does under the Civil Code, article 148). An owner unit that has
 * ended by a report's moved day is replaced by the unit that took over its work ({@link
 * ReferenceData#successorOn}), and the responsible person's title names the new unit.
 */
final class ProgrammeMove {
  private final long days;
  private final WorkingDays calendar;
  private final ReferenceData reference;
  private final ZoneId zone;

  /**
   * The move of a programme whose first week after its history starts on Monday {@code from} to the
   * week of {@code to} (whole weeks: {@code to}'s Monday).
   */
  ProgrammeMove(
      LocalDate from, LocalDate to, WorkingDays calendar, ReferenceData reference, ZoneId zone) {
    this.days = 7 * Math.floorDiv(ChronoUnit.DAYS.between(from, to), 7);
    this.calendar = calendar;
    this.reference = reference;
    this.zone = zone;
  }

  /** A day moved by the whole weeks. */
  LocalDate day(LocalDate d) {
    return d.plusDays(days);
  }

  /** A deadline (epoch day) moved, on a working day. */
  private long deadline(long epochDay) {
    return calendar.onOrAfterWorkingDay(LocalDate.ofEpochDay(epochDay + days)).toEpochDay();
  }

  /** A report of the history, moved: a new report; the history's own is not changed. */
  ProgressReport apply(ProgressReport r) {
    ZonedDateTime was = Instant.ofEpochMilli(r.reportedAt).atZone(zone);
    LocalDate day = calendar.onOrAfterWorkingDay(day(was.toLocalDate()));
    ProgressReport m = r.copy();
    m.reportedAt = day.atTime(was.toLocalTime()).atZone(zone).toInstant().toEpochMilli();
    if (r.plannedStart != ProgressReport.NONE) m.plannedStart = r.plannedStart + days;
    m.deadline = deadline(r.deadline);
    if (r.completedAt != ProgressReport.NONE) m.completedAt = r.completedAt + days;
    ReferenceData.Unit owner = reference.successorOn(r.ownerUnit, was.toLocalDate());
    ReferenceData.Unit successor = reference.successorOn(r.ownerUnit, day);
    if (successor != null) {
      m.ownerUnit = successor.code();
      if (owner != null && r.responsible != null)
        m.responsible = r.responsible.replace(owner.name(), successor.name());
    }
    return m;
  }
}
