package vn.ioc.alerting.weekly;

import vn.ioc.alerting.Observed;

/**
 * A receiving unit's applications on one local day: its {@code service_rates} point of scope {@code
 * unit}, window {@code 1d}, as the latest update gave it. A Flink POJO (keyed state).
 */
public class UnitDay {
  public String unit;

  /** The local day, as days since 1970-01-01. */
  public long day;

  public long received;
  public long online;

  /** Event time of the update. */
  public long asOf;

  public UnitDay() {}

  static UnitDay of(Observed o, java.time.ZoneId zone) {
    UnitDay d = new UnitDay();
    d.unit = o.tags.get("unit");
    d.day = java.time.Instant.ofEpochMilli(o.windowStart).atZone(zone).toLocalDate().toEpochDay();
    d.received = Math.round(o.fields.getOrDefault("received", 0.0));
    d.online = Math.round(o.fields.getOrDefault("online", 0.0));
    d.asOf = o.asOf;
    return d;
  }

  /** The state key: unit and day. */
  String key() {
    return unit + "|" + day;
  }
}
