package vn.ioc.progress;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import vn.ioc.calendar.WorkingDays;

/**
 * What the wall shows of one programme item on a local day, from its newest report: the fields of
 * the {@code item_status} measurement. A pure function of the report, the day, the working-day
 * calendar and the reporting cadence, so a live run and a recompute give the same values.
 *
 * <ul>
 *   <li>{@code progressPct}: as reported; COMPLETED is 100, NOT_STARTED without a value 0, an
 *       IN_PROGRESS report without one has none (NaN).
 *   <li>{@code expectedPct}: the planned pace, linear from {@code plannedStart} (0) to {@code
 *       deadline} (100) and clamped to 0..100; none without a planned start.
 *   <li>{@code paceGapPct}: progress minus expected; none when either is none.
 *   <li>{@code overdueDays}: not completed and the day is after the deadline: the day minus the
 *       deadline, in days; else 0. {@code overdueWorkingDays}: the working days d with deadline
 *       &lt; d &lt;= day (Vietnamese working days, {@link WorkingDays}).
 *   <li>{@code completedLateDays}: completion date minus deadline when positive; the completion
 *       date is {@code completedAt}, or the local date of {@code reportedAt} when absent.
 *   <li>{@code daysSinceReport}: the day minus the local date of the report. {@code stale}: not
 *       completed and more days since the report than the cadence.
 *   <li>{@code atRisk}, the rule: an item not completed and not yet overdue is at risk when, at the
 *       pace observed since its planned start, it would finish after its deadline: with progress p
 *       (percent) after e days since the planned start and r days left until the deadline, when
 *       (100 - p) * e &gt; p * r, so no progress at all after the planned start is at risk (and
 *       finishing exactly on the deadline is not; an IN_PROGRESS report without a progress counts
 *       as none). Before its planned start an item is not at risk. Without a planned start no pace
 *       can be observed: it is at risk only when it has not started (no progress) and its deadline
 *       is within {@value #NO_PLAN_HORIZON_DAYS} days.
 * </ul>
 */
public record ItemStatus(
    String status,
    double progressPct,
    double expectedPct,
    double paceGapPct,
    long overdueDays,
    long overdueWorkingDays,
    long completedLateDays,
    long daysSinceReport,
    boolean stale,
    boolean atRisk) {

  /** Without a planned start: a not-started item this close to its deadline is at risk. */
  public static final int NO_PLAN_HORIZON_DAYS = 30;

  public static ItemStatus of(
      ProgressReport r, LocalDate day, WorkingDays calendar, int cadenceDays, ZoneId zone) {
    long today = day.toEpochDay();
    long reported = Instant.ofEpochMilli(r.reportedAt).atZone(zone).toLocalDate().toEpochDay();
    boolean completed = "COMPLETED".equals(r.status);
    double progress =
        completed
            ? 100
            : !Double.isNaN(r.progressPct)
                ? r.progressPct
                : "NOT_STARTED".equals(r.status) ? 0 : Double.NaN;
    double expected = Double.NaN;
    if (r.plannedStart != ProgressReport.NONE) {
      long span = r.deadline - r.plannedStart;
      long elapsed = today - r.plannedStart;
      expected =
          span <= 0 ? (elapsed >= 0 ? 100 : 0) : Math.max(0, Math.min(100, 100.0 * elapsed / span));
    }
    double gap =
        Double.isNaN(progress) || Double.isNaN(expected) ? Double.NaN : progress - expected;
    long overdue = !completed && today > r.deadline ? today - r.deadline : 0;
    long overdueWorking =
        overdue > 0 ? calendar.workingDaysAfter(LocalDate.ofEpochDay(r.deadline), day) : 0;
    long completedOn = r.completedAt != ProgressReport.NONE ? r.completedAt : reported;
    long completedLate = completed && completedOn > r.deadline ? completedOn - r.deadline : 0;
    long sinceReport = today - reported;
    boolean stale = !completed && sinceReport > cadenceDays;
    return new ItemStatus(
        r.status,
        progress,
        expected,
        gap,
        overdue,
        overdueWorking,
        completedLate,
        sinceReport,
        stale,
        !completed && overdue == 0 && atRisk(r, progress, today));
  }

  private static boolean atRisk(ProgressReport r, double progress, long today) {
    double p = Double.isNaN(progress) ? 0 : progress;
    long left = r.deadline - today;
    if (r.plannedStart == ProgressReport.NONE) return p == 0 && left <= NO_PLAN_HORIZON_DAYS;
    long elapsed = today - r.plannedStart;
    if (elapsed <= 0) return false;
    return (100 - p) * elapsed > p * left;
  }
}
