package vn.ioc.alerting;

/**
 * What every parallel instance of the alerting job must know, broadcast: a rule added, changed or
 * deleted ({@code ioc.alert-rules}: key = rule id, a tombstone deletes), or the stop of the
 * engine's clock at the end of a bounded run. A Flink POJO.
 */
public class Control {
  /** A rule's id, or null for a clock stop. */
  public String ruleId;

  /** The rule's text (JSON or YAML); null: the rule is deleted. */
  public String text;

  /**
   * From when the rule version is in force, in engine time: when it was published (its {@code
   * created-at} stamp); {@link Long#MIN_VALUE}: from the beginning.
   */
  public long effectiveFrom = Long.MIN_VALUE;

  /** Why the message is refused although its rule may be valid (a stamp that does not parse). */
  public String refusal;

  /** For a clock stop: where the clock stops. */
  public long stop;

  /** Where a rule came from (for its dead letter when it is refused). */
  public String sourceTopic;

  public int sourcePartition;
  public long sourceOffset;

  public Control() {}

  public static Control rule(String id, String text) {
    Control c = new Control();
    c.ruleId = id;
    c.text = text;
    return c;
  }

  public static Control stop(long at) {
    Control c = new Control();
    c.stop = at;
    return c;
  }

  public boolean isStop() {
    return ruleId == null;
  }
}
