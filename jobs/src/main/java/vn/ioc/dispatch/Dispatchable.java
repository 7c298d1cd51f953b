package vn.ioc.dispatch;

import vn.ioc.alerting.AlertEvent;

/**
 * What the dispatch handles per unit: an alert event, a firing alert's value now, or an
 * acknowledgement. A Flink POJO.
 */
public class Dispatchable {
  public AlertEvent event;

  /** {@link #event} is not a change but a firing alert's value now (its message with it). */
  public boolean valueOnly;

  public Ack ack;

  public Dispatchable() {}

  public static Dispatchable of(AlertEvent e) {
    Dispatchable d = new Dispatchable();
    d.event = e;
    return d;
  }

  /** A firing alert's value now ({@code RuleEvaluation.VALUES}). */
  public static Dispatchable valueOf(AlertEvent e) {
    Dispatchable d = of(e);
    d.valueOnly = true;
    return d;
  }

  public static Dispatchable of(Ack a) {
    Dispatchable d = new Dispatchable();
    d.ack = a;
    return d;
  }

  /** The unit it is routed by. */
  public String unit() {
    return event != null ? event.unit : ack.unit;
  }
}
