package vn.ioc.indicators;

import vn.ioc.influx.InfluxPoint;

/**
 * One indicator write: the InfluxDB point (measurement, tags, fields, window start) and what the
 * indicator bus adds to it. Every job's indicators leave through {@code Sinks.indicators} (package
 * {@code sinks}). A Flink POJO.
 */
public class IndicatorUpdate {
  public InfluxPoint point;

  /** End of the window (exclusive, epoch ms). */
  public long windowEnd;

  /** The latest event time the value includes (epoch ms). */
  public long asOf;

  /** True once the window is closed: later updates are corrections. */
  public boolean isFinal;

  public IndicatorUpdate() {}

  public IndicatorUpdate(InfluxPoint point, long windowEnd, long asOf, boolean isFinal) {
    this.point = point;
    this.windowEnd = windowEnd;
    this.asOf = asOf;
    this.isFinal = isFinal;
  }

  /**
   * The series: measurement and tags, in a stable order (the bus key, so a series stays in order).
   */
  public String seriesKey() {
    return seriesKey(point.measurement, point.tags);
  }

  /** Measurement, then the tags in key order: the series of a point and of a bus message. */
  public static String seriesKey(String measurement, java.util.Map<String, String> tags) {
    StringBuilder b = new StringBuilder(measurement);
    new java.util.TreeMap<>(tags).forEach((k, v) -> b.append(',').append(k).append('=').append(v));
    return b.toString();
  }
}
