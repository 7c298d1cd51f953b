package vn.ioc.submissions;

import java.util.TreeMap;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/**
 * The {@code service_rates} measurement: one point per series and window, stamped with the window's
 * start. Rates are written only when their denominator is not 0 (see docs/indicators.md for the
 * formulas and how they relate to the official indicators).
 */
public final class ServiceRates {
  public static final String MEASUREMENT = "service_rates";

  private ServiceRates() {}

  public static IndicatorUpdate update(WindowSnapshot s) {
    return new IndicatorUpdate(point(s), s.windowEnd, s.asOf, s.isFinal);
  }

  public static InfluxPoint point(WindowSnapshot s) {
    InfluxPoint p = new InfluxPoint();
    p.measurement = MEASUREMENT;
    p.timeMillis = s.windowStart;
    p.replace = s.replace;
    p.tags = new TreeMap<>();
    p.tags.put("scope", s.scope.tag());
    p.tags.put("window", s.window);
    p.tags.put("province", s.province);
    if (s.district != null) p.tags.put("district", s.district);
    if (s.commune != null) p.tags.put("commune", s.commune);
    if (s.unit != null) p.tags.put("unit", s.unit);
    if (s.service != null) p.tags.put("service", s.service);
    Counts c = s.counts;
    p.longFields = new TreeMap<>();
    p.longFields.put("received", c.received());
    p.longFields.put("online", c.online);
    p.longFields.put("direct", c.direct);
    p.longFields.put("postal", c.postal);
    p.longFields.put("fully_online", c.fullyOnline);
    p.longFields.put("resolved_on_time", c.resolvedOnTime);
    p.longFields.put("resolved_late", c.resolvedLate);
    p.doubleFields = new TreeMap<>();
    putIfPresent(p, "online_rate_pct", s.onlineRatePct());
    putIfPresent(p, "fully_online_rate_pct", s.fullyOnlineRatePct());
    putIfPresent(p, "on_time_rate_pct", s.onTimeRatePct());
    p.stringFields = new TreeMap<>();
    return p;
  }

  private static void putIfPresent(InfluxPoint p, String field, Double value) {
    if (value != null) p.doubleFields.put(field, value);
  }
}
