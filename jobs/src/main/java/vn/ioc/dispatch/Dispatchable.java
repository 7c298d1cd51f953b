package vn.ioc.dispatch;

import vn.ioc.alerting.AlertEvent;

/** What the dispatch handles per unit: an alert event or an acknowledgement. A Flink POJO. */
public class Dispatchable {
  public AlertEvent event;
  public Ack ack;

  public Dispatchable() {}

  public static Dispatchable of(AlertEvent e) {
    Dispatchable d = new Dispatchable();
    d.event = e;
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
