package vn.ioc.influx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * InfluxDB keeps one point per series and timestamp: two alerts of one rule and unit at the same
 * millisecond (forty items becoming overdue at the same midnight) would overwrite each other. This
 * numbers the points one operator instance writes to the same series at the same time: tag {@code
 * n} = 0, 1, 2, … It stays bounded (by the largest burst, not by the alert ids) and is exact as
 * long as one series is written by one instance (the alerting job keys by unit, and unit is a tag).
 * It remembers the latest {@value #REMEMBERED} series-times.
 */
public final class SameTimePoints {
  public static final String TAG = "n";
  static final int REMEMBERED = 10_000;

  private final Map<String, Integer> seen =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
          return size() > REMEMBERED;
        }
      };

  /** Tags {@code p} with its number among the points of its series and time; returns it. */
  public InfluxPoint number(InfluxPoint p) {
    String key = p.measurement + new java.util.TreeMap<>(p.tags) + ' ' + p.timeMillis;
    int n = seen.merge(key, 1, Integer::sum) - 1;
    return p.tag(TAG, Integer.toString(n));
  }
}
