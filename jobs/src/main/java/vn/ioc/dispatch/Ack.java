package vn.ioc.dispatch;

/**
 * An acknowledgement ({@code ioc.alert-acks}, {@code schemas/alert-ack.schema.json}): {@code by}
 * has seen the firing alert {@code alertId} of {@code unit}, at {@code at}. A Flink POJO.
 */
public class Ack implements vn.ioc.feed.EventTimed {
  public String alertId;
  public String unit;
  public String by;
  public long at;
  public String comment;

  public Ack() {}

  public static Ack of(String alertId, String unit, String by, long at, String comment) {
    Ack a = new Ack();
    a.alertId = alertId;
    a.unit = unit;
    a.by = by;
    a.at = at;
    a.comment = comment;
    return a;
  }

  /** Not used for the engine's clock (acknowledgements and silences do not move it). */
  @Override
  public long eventTime() {
    return at;
  }

  @Override
  public String eventTimeField() {
    return "at";
  }
}
