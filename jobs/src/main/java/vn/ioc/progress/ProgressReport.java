package vn.ioc.progress;

import java.util.List;

/**
 * One decoded report of {@code ioc.progress}: the state of one programme item (a pilot model or a
 * plan task) as its owner reported it at {@link #reportedAt}. A Flink POJO: public fields, no-arg
 * constructor. Dates are local epoch days; {@link #NONE} marks an absent date.
 */
public class ProgressReport implements vn.ioc.feed.EventTimed {
  public static final long NONE = Long.MIN_VALUE;

  public String reportId;
  public String itemId;

  /** {@code MODEL} or {@code TASK}. */
  public String kind;

  public String title;

  /** The task group; null for a model without one. */
  public String group;

  public String ownerUnit;
  public String responsible;

  /** {@code NOT_STARTED}, {@code IN_PROGRESS} or {@code COMPLETED}. */
  public String status;

  /** Percent, 0 to 100; NaN when not reported. */
  public double progressPct = Double.NaN;

  public long plannedStart = NONE;
  public long deadline = NONE;

  /** As reported; {@link #NONE} when absent (a completed item then completed on its report day). */
  public long completedAt = NONE;

  /** Epoch milliseconds: the event time. */
  public long reportedAt;

  public String note;

  /** The summary keys this report's item counts in: looked up once per report, never stored. */
  private transient List<String> summaryKeys;

  public ProgressReport() {}

  /** A copy with every field of this report. */
  public ProgressReport copy() {
    ProgressReport c = new ProgressReport();
    c.reportId = reportId;
    c.itemId = itemId;
    c.kind = kind;
    c.title = title;
    c.group = group;
    c.ownerUnit = ownerUnit;
    c.responsible = responsible;
    c.status = status;
    c.progressPct = progressPct;
    c.plannedStart = plannedStart;
    c.deadline = deadline;
    c.completedAt = completedAt;
    c.reportedAt = reportedAt;
    c.note = note;
    return c;
  }

  public List<String> summaryKeys() {
    if (summaryKeys == null) summaryKeys = ItemContribution.keysOf(kind, group, ownerUnit);
    return summaryKeys;
  }

  @Override
  public long eventTime() {
    return reportedAt;
  }

  @Override
  public String eventTimeField() {
    return "reportedAt";
  }
}
