package vn.ioc.alerting.weekly;

import vn.ioc.alerting.Observed;

/**
 * The province's counts of one kind of item ({@code progress_summary}, scope {@code province}), as
 * the latest point gave them. A Flink POJO (keyed state).
 */
public class ProgrammeCounts {
  public long total;
  public long completed;
  public long inProgress;
  public long notStarted;
  public long overdue;
  public long atRisk;

  /** Event time of the point. */
  public long asOf;

  public ProgrammeCounts() {}

  static ProgrammeCounts of(Observed o) {
    ProgrammeCounts c = new ProgrammeCounts();
    c.total = count(o, "total");
    c.completed = count(o, "completed");
    c.inProgress = count(o, "in_progress");
    c.notStarted = count(o, "not_started");
    c.overdue = count(o, "overdue");
    c.atRisk = count(o, "at_risk");
    c.asOf = o.asOf;
    return c;
  }

  private static long count(Observed o, String field) {
    return Math.round(o.fields.getOrDefault(field, 0.0));
  }
}
