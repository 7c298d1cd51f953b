package vn.ioc.alerting.weekly;

import vn.ioc.alerting.Observed;

/**
 * What the weekly report keeps of one programme item: its latest {@code item_status} point, the
 * fields the report names. A Flink POJO (keyed state).
 */
public class ItemView {
  /** Marks: the item is completed, late (overdue), at risk. */
  static final int COMPLETED = 1;

  static final int LATE = 2;
  static final int AT_RISK = 4;

  /** {@code MODEL} or {@code TASK}. */
  public String kind;

  public String item;
  public String status;
  public String ownerUnit;
  public String responsible;
  public String title;

  /** YYYY-MM-DD, or null. */
  public String deadline;

  public long overdueWorkingDays;
  public boolean late;
  public boolean atRisk;

  /** Event time of the point. */
  public long asOf;

  public ItemView() {}

  static ItemView of(Observed o) {
    ItemView v = new ItemView();
    v.kind = o.tags.getOrDefault("kind", "");
    v.item = o.tags.getOrDefault("item", "");
    v.status = o.texts.getOrDefault("status", "");
    v.ownerUnit = o.texts.get("owner_unit");
    v.responsible = o.texts.get("responsible");
    v.title = o.texts.get("title");
    v.deadline = o.texts.get("deadline");
    v.overdueWorkingDays = Math.round(o.fields.getOrDefault("overdue_working_days", 0.0));
    v.late = o.fields.getOrDefault("overdue_days", 0.0) > 0;
    v.atRisk = o.fields.getOrDefault("at_risk", 0.0) > 0;
    v.asOf = o.asOf;
    return v;
  }

  /** The state key: kind and item. */
  String key() {
    return kind + "|" + item;
  }

  boolean completed() {
    return "COMPLETED".equals(status);
  }

  /** Its marks, as a set of bits ({@link #COMPLETED}, {@link #LATE}, {@link #AT_RISK}). */
  int marks() {
    return (completed() ? COMPLETED : 0) | (late ? LATE : 0) | (atRisk ? AT_RISK : 0);
  }
}
