package vn.ioc.progress;

/**
 * The counts of {@code progress_summary} for one scope at one time, or a change of them (signed). A
 * Flink POJO.
 */
public class SummaryCounts {
  public long total;
  public long completed;
  public long inProgress;
  public long notStarted;
  public long overdue;
  public long atRisk;
  public long stale;
  public long completedOnTime;

  public SummaryCounts() {}

  public SummaryCounts copy() {
    SummaryCounts c = new SummaryCounts();
    c.add(this, 1);
    return c;
  }

  /** Adds {@code sign} times {@code o}. */
  public SummaryCounts add(SummaryCounts o, int sign) {
    total += sign * o.total;
    completed += sign * o.completed;
    inProgress += sign * o.inProgress;
    notStarted += sign * o.notStarted;
    overdue += sign * o.overdue;
    atRisk += sign * o.atRisk;
    stale += sign * o.stale;
    completedOnTime += sign * o.completedOnTime;
    return this;
  }

  /** Whether {@code o} holds the same counts. */
  public boolean sameAs(SummaryCounts o) {
    return total == o.total
        && completed == o.completed
        && inProgress == o.inProgress
        && notStarted == o.notStarted
        && overdue == o.overdue
        && atRisk == o.atRisk
        && stale == o.stale
        && completedOnTime == o.completedOnTime;
  }

  public boolean isZero() {
    return total == 0
        && completed == 0
        && inProgress == 0
        && notStarted == 0
        && overdue == 0
        && atRisk == 0
        && stale == 0
        && completedOnTime == 0;
  }

  @Override
  public String toString() {
    return "total="
        + total
        + " completed="
        + completed
        + " in_progress="
        + inProgress
        + " not_started="
        + notStarted
        + " overdue="
        + overdue
        + " at_risk="
        + atRisk
        + " stale="
        + stale
        + " completed_on_time="
        + completedOnTime;
  }
}
