package vn.ioc.alerting;

/** A change of an alert: it fired (or changed level while firing), or it resolved. A Flink POJO. */
public class AlertEvent {
  public static final String FIRING = "FIRING";
  public static final String RESOLVED = "RESOLVED";

  public String ruleId;
  public String series;

  /** {@link #FIRING} or {@link #RESOLVED}. */
  public String state;

  /** The level fired at, or the level that resolved. */
  public String level;

  /** The value that caused the change; NaN for no data. */
  public double value = Double.NaN;

  /** The threshold of the level (its reset, for a resolution); NaN for no data. */
  public double threshold = Double.NaN;

  /** When it happened (event time of the update, or engine time for no data). */
  public long at;

  /** When the alert started firing. */
  public long since;

  /** The series changes state too often: notifications are held until it settles. */
  public boolean flapping;

  public AlertEvent() {}

  @Override
  public String toString() {
    return state
        + " "
        + level
        + " "
        + ruleId
        + " "
        + series
        + " value="
        + value
        + " threshold="
        + threshold
        + " at="
        + at
        + " since="
        + since
        + (flapping ? " flapping" : "");
  }
}
