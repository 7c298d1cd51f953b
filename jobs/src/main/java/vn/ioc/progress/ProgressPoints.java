package vn.ioc.progress;

import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/**
 * The two measurements of the progress job. Both are states at an instant (a local midnight, a
 * change), so an update's window is that instant and its value is final when written.
 *
 * <ul>
 *   <li>{@code item_status}: tags {@code kind}, {@code item}; owner, group, responsible, title and
 *       deadline ({@code YYYY-MM-DD}) are fields, so a reassignment does not split the series.
 *       {@code stale} and {@code at_risk} are 0/1 integers, so they can be summed and given
 *       thresholds.
 *   <li>{@code progress_summary}: tags {@code kind}, {@code scope} and {@code group} or {@code
 *       owner_unit}; {@code completed_pct} is completed / total, {@code completed_on_time_pct} is
 *       completed no later than the deadline / completed, each absent when its denominator is 0.
 * </ul>
 */
public final class ProgressPoints {
  public static final String ITEM_STATUS = "item_status";
  public static final String SUMMARY = "progress_summary";

  private ProgressPoints() {}

  /**
   * One item's status point.
   *
   * @param rewrite the point may have been written before with other fields (a late report)
   */
  public static IndicatorUpdate itemStatus(
      ProgressReport r, ItemStatus s, long time, boolean rewrite) {
    InfluxPoint p =
        InfluxPoint.of(ITEM_STATUS, time)
            .tag("kind", r.kind)
            .tag("item", r.itemId)
            .field("status", s.status())
            .field("owner_unit", r.ownerUnit)
            .field("responsible", r.responsible)
            .field("title", r.title)
            .field("overdue_days", s.overdueDays())
            .field("overdue_working_days", s.overdueWorkingDays())
            .field("completed_late_days", s.completedLateDays())
            .field("days_since_report", s.daysSinceReport())
            .field("stale", s.stale() ? 1L : 0L)
            .field("at_risk", s.atRisk() ? 1L : 0L);
    boolean lacksAField = false;
    if (r.group != null) p.field("group", r.group);
    else lacksAField = true;
    if (r.deadline != ProgressReport.NONE)
      p.field("deadline", java.time.LocalDate.ofEpochDay(r.deadline).toString());
    else lacksAField = true;
    lacksAField |= putIfPresent(p, "progress_pct", s.progressPct());
    lacksAField |= putIfPresent(p, "expected_pct", s.expectedPct());
    lacksAField |= putIfPresent(p, "pace_gap_pct", s.paceGapPct());
    if (rewrite && lacksAField) p.replacing();
    return new IndicatorUpdate(p, time, time, true);
  }

  /**
   * A point of the summary {@code key} ({@link SummaryDelta#key}).
   *
   * @param rewrite the point is a correction (a late report) and may have had other fields
   */
  public static IndicatorUpdate summary(String key, SummaryCounts c, long time, boolean rewrite) {
    int a = key.indexOf('|');
    int b = key.indexOf('|', a + 1);
    String scope = key.substring(a + 1, b);
    InfluxPoint p =
        InfluxPoint.of(SUMMARY, time)
            .tag("kind", key.substring(0, a))
            .tag("scope", scope)
            .field("total", c.total)
            .field("completed", c.completed)
            .field("in_progress", c.inProgress)
            .field("not_started", c.notStarted)
            .field("overdue", c.overdue)
            .field("at_risk", c.atRisk)
            .field("stale", c.stale);
    if (!scope.equals(SummaryDelta.PROVINCE)) p.tag(scope, key.substring(b + 1));
    boolean lacksAField = false;
    if (c.total > 0) p.field("completed_pct", 100.0 * c.completed / c.total);
    else lacksAField = true;
    if (c.completed > 0) p.field("completed_on_time_pct", 100.0 * c.completedOnTime / c.completed);
    else lacksAField = true;
    if (rewrite && lacksAField) p.replacing();
    return new IndicatorUpdate(p, time, time, true);
  }

  /** Puts a finite value; returns true when there was none. */
  private static boolean putIfPresent(InfluxPoint p, String field, double v) {
    if (Double.isNaN(v)) return true;
    p.field(field, v);
    return false;
  }
}
