package vn.ioc.influx;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One point for InfluxDB: measurement, tags, typed fields and a millisecond timestamp.
 *
 * <p>A Flink POJO (public fields, no-arg constructor, maps of strings and boxed numbers), so it
 * travels through Flink's POJO and map serializers, never Kryo. After a network hop the maps are
 * plain {@code HashMap}s: nothing here relies on their order ({@link LineProtocol} sorts tags).
 *
 * <p>Identity in InfluxDB is measurement + tag set + timestamp: writing the same point again
 * overwrites the fields it sends and <em>keeps the ones it does not send</em>. When a field may
 * have to disappear (a rate whose denominator went to 0), set {@link #replace}: the sink then
 * deletes that exact point before writing this one. A replacing point without fields only deletes.
 *
 * <p>Cost: a replacing point that sets every field key its measurement has needs no delete (its
 * write overwrites them all) and costs one cheap schema query per batch; one that lacks a field
 * costs a {@code DELETE} (InfluxDB 1.6 here: about 4,000 such points/s, against about 80,000 plain
 * points/s). Setting {@code replace} on every point is correct; setting it only on points that lack
 * a field is as correct and cheaper.
 */
public class InfluxPoint {
  public String measurement;

  /** Tag key to value; values are sanitized by the sink ({@link TagValues}). */
  public Map<String, String> tags = new TreeMap<>();

  /** Integer fields (line protocol {@code 12i}). */
  public Map<String, Long> longFields = new TreeMap<>();

  /** Float fields; must be finite (NaN and infinities cannot be written). */
  public Map<String, Double> doubleFields = new TreeMap<>();

  public Map<String, String> stringFields = new TreeMap<>();

  /** Epoch milliseconds; the sink writes with millisecond precision. */
  public long timeMillis;

  /**
   * True when the fields of an earlier write of this point must not survive: the sink deletes the
   * point (this series, this instant only) before writing it.
   */
  public boolean replace;

  public InfluxPoint() {}

  /** A deep copy (the sink copies what it buffers when Flink reuses objects). */
  public InfluxPoint(InfluxPoint other) {
    this.measurement = other.measurement;
    this.tags = copy(other.tags);
    this.longFields = copy(other.longFields);
    this.doubleFields = copy(other.doubleFields);
    this.stringFields = copy(other.stringFields);
    this.timeMillis = other.timeMillis;
    this.replace = other.replace;
  }

  /**
   * Starts a point: {@code InfluxPoint.of("service_rates", t).tag("scope",
   * "unit").field("received", 3L)}.
   */
  public static InfluxPoint of(String measurement, long timeMillis) {
    InfluxPoint p = new InfluxPoint();
    p.measurement = measurement;
    p.timeMillis = timeMillis;
    return p;
  }

  public InfluxPoint tag(String key, String value) {
    tags.put(key, value);
    return this;
  }

  public InfluxPoint field(String key, long value) {
    longFields.put(key, value);
    return this;
  }

  public InfluxPoint field(String key, double value) {
    doubleFields.put(key, value);
    return this;
  }

  public InfluxPoint field(String key, String value) {
    stringFields.put(key, value);
    return this;
  }

  /** Marks the point as replacing whatever was stored at its series and time. */
  public InfluxPoint replacing() {
    this.replace = true;
    return this;
  }

  /** Number of fields of all types. */
  public int fieldCount() {
    return size(longFields) + size(doubleFields) + size(stringFields);
  }

  private static int size(Map<?, ?> m) {
    return m == null ? 0 : m.size();
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    if (m == null) return null;
    Map<String, V> c = new TreeMap<>(NULLS_FIRST);
    c.putAll(m);
    return c;
  }

  /** Orders keys and tolerates a null key (a bad point must still reach the rejected handler). */
  private static final Comparator<String> NULLS_FIRST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof InfluxPoint p)) return false;
    return timeMillis == p.timeMillis
        && replace == p.replace
        && Objects.equals(measurement, p.measurement)
        && Objects.equals(tags, p.tags)
        && Objects.equals(longFields, p.longFields)
        && Objects.equals(doubleFields, p.doubleFields)
        && Objects.equals(stringFields, p.stringFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        measurement, tags, longFields, doubleFields, stringFields, timeMillis, replace);
  }

  @Override
  public String toString() {
    return "InfluxPoint{"
        + measurement
        + " "
        + sorted(tags)
        + " long="
        + sorted(longFields)
        + " double="
        + sorted(doubleFields)
        + " string="
        + sorted(stringFields)
        + " @"
        + timeMillis
        + (replace ? " replace" : "")
        + "}";
  }

  private static Object sorted(Map<String, ?> m) {
    return copy(m);
  }
}
