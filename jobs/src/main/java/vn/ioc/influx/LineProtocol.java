package vn.ioc.influx;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns an {@link InfluxPoint} into one line of InfluxDB line protocol, millisecond precision.
 *
 * <p>Names and tag values go through {@link TagValues#sanitize} first, then the characters line
 * protocol treats as syntax are escaped: comma and space in the measurement; comma, {@code =} and
 * space in tag keys, tag values and field keys; quote and backslash inside string field values.
 * Tags are sorted by key (InfluxDB's canonical series key order), so one series always gives the
 * same line prefix.
 *
 * <p>A point that cannot be written is refused here with an {@link InvalidPointException} rather
 * than sent: no measurement, a measurement starting with {@code #} (the server would read the line
 * as a comment and answer 204), no fields, a non-finite float, a timestamp outside InfluxDB's
 * range, or two names that become equal after sanitizing (one would silently overwrite the other).
 * Fields whose value is null are treated as absent.
 */
public final class LineProtocol {
  /**
   * InfluxDB stores nanoseconds in a signed 64-bit integer; in milliseconds that is about ±292
   * years.
   */
  static final long MAX_TIME_MILLIS = 9_223_372_036_854L;

  private LineProtocol() {}

  /** A point ready to send. */
  record Encoded(
      InfluxPoint point,
      /** Sanitized measurement name. */
      String measurement,
      /** Sanitized tags, sorted by key. */
      Map<String, String> tags,
      /** The escaped "measurement,tag=value,..." prefix: identifies the series. */
      String seriesKey,
      /** Sanitized names of the fields the line sets. */
      Set<String> fieldKeys,
      /**
       * The whole line, or null when the point has no fields (a replacing point that only deletes).
       */
      String line) {

    /** Identifies the stored point: series and timestamp. */
    String pointKey() {
      return seriesKey + ' ' + point.timeMillis;
    }
  }

  /** Why a point cannot be written, found before sending it. */
  static final class InvalidPointException extends Exception {
    InvalidPointException(String message) {
      super(message);
    }
  }

  /** The point's line. */
  public static String line(InfluxPoint p) {
    try {
      Encoded e = encode(p);
      if (e.line() == null) throw new IllegalArgumentException("point has no fields: " + p);
      return e.line();
    } catch (InvalidPointException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * The point as line protocol text for people (dead letters, logs): the real line when the point
   * can be written, otherwise a best-effort rendering that keeps every value, NaN included.
   */
  public static String describe(InfluxPoint p) {
    try {
      Encoded e = encode(p);
      if (e.line() != null) return e.line();
    } catch (InvalidPointException | RuntimeException e) {
      // fall through to the lenient rendering
    }
    StringBuilder b = new StringBuilder();
    escapeMeasurement(b, TagValues.sanitize(p.measurement));
    if (p.tags != null) {
      sortedSanitized(p.tags)
          .forEach((k, v) -> escapeName(b.append(','), k).append('=').append(escapeNameString(v)));
    }
    b.append(' ');
    int n = 0;
    n = lenientFields(b, p.longFields, n, v -> v + "i");
    n = lenientFields(b, p.doubleFields, n, String::valueOf);
    lenientFields(b, p.stringFields, n, v -> quote(new StringBuilder(), v).toString());
    return b.append(' ').append(p.timeMillis).toString();
  }

  private static <V> int lenientFields(
      StringBuilder b, Map<String, V> fields, int n, java.util.function.Function<V, String> fmt) {
    if (fields == null) return n;
    Map<String, V> sorted = new TreeMap<>();
    fields.forEach((k, v) -> sorted.put(TagValues.sanitize(k), v));
    for (Map.Entry<String, V> f : sorted.entrySet()) {
      if (n++ > 0) b.append(',');
      escapeName(b, f.getKey())
          .append('=')
          .append(f.getValue() == null ? "null" : fmt.apply(f.getValue()));
    }
    return n;
  }

  static Encoded encode(InfluxPoint p) throws InvalidPointException {
    if (p.measurement == null || p.measurement.isEmpty())
      throw new InvalidPointException("point has no measurement");
    String measurement = TagValues.sanitize(p.measurement);
    if (measurement.charAt(0) == '#') {
      throw new InvalidPointException(
          "measurement starts with '#': line protocol would read the line as a comment");
    }
    if (p.timeMillis > MAX_TIME_MILLIS || p.timeMillis < -MAX_TIME_MILLIS) {
      throw new InvalidPointException(
          "timestamp " + p.timeMillis + " ms is outside InfluxDB's time range");
    }
    Map<String, String> tags = new TreeMap<>();
    if (p.tags != null) {
      for (Map.Entry<String, String> t : p.tags.entrySet()) {
        String key = TagValues.sanitize(t.getKey());
        if (tags.put(key, TagValues.sanitize(t.getValue())) != null) {
          throw new InvalidPointException("two tag keys become '" + key + "' after sanitizing");
        }
      }
    }
    StringBuilder b = new StringBuilder(64 + 24 * (tags.size() + p.fieldCount()));
    escapeMeasurement(b, measurement);
    for (Map.Entry<String, String> t : tags.entrySet()) {
      escapeName(b.append(','), t.getKey()).append('=');
      escapeName(b, t.getValue());
    }
    String seriesKey = b.toString();

    // Field keys of all types share one namespace in a point.
    Map<String, String> fields = new TreeMap<>();
    if (p.longFields != null) {
      for (Map.Entry<String, Long> f : p.longFields.entrySet()) {
        if (f.getValue() != null) putField(fields, f.getKey(), f.getValue() + "i");
      }
    }
    if (p.doubleFields != null) {
      for (Map.Entry<String, Double> f : p.doubleFields.entrySet()) {
        Double v = f.getValue();
        if (v == null) continue;
        if (!Double.isFinite(v)) {
          throw new InvalidPointException(
              "field '" + f.getKey() + "' is " + v + ": line protocol has no non-finite floats");
        }
        putField(fields, f.getKey(), Double.toString(v));
      }
    }
    if (p.stringFields != null) {
      for (Map.Entry<String, String> f : p.stringFields.entrySet()) {
        if (f.getValue() != null)
          putField(fields, f.getKey(), quote(new StringBuilder(), f.getValue()).toString());
      }
    }
    if (fields.isEmpty()) {
      if (p.replace) return new Encoded(p, measurement, tags, seriesKey, Set.of(), null);
      throw new InvalidPointException("point has no fields");
    }
    b.append(' ');
    boolean first = true;
    for (Map.Entry<String, String> f : fields.entrySet()) {
      if (!first) b.append(',');
      first = false;
      escapeName(b, f.getKey()).append('=').append(f.getValue());
    }
    b.append(' ').append(p.timeMillis);
    return new Encoded(p, measurement, tags, seriesKey, fields.keySet(), b.toString());
  }

  private static void putField(Map<String, String> fields, String rawKey, String formatted)
      throws InvalidPointException {
    String key = TagValues.sanitize(rawKey);
    if (fields.put(key, formatted) != null) {
      throw new InvalidPointException(
          "two fields become '" + key + "' after sanitizing (or one key has two types)");
    }
  }

  private static Map<String, String> sortedSanitized(Map<String, String> m) {
    Map<String, String> s = new TreeMap<>();
    m.forEach((k, v) -> s.put(TagValues.sanitize(k), TagValues.sanitize(v)));
    return s;
  }

  /** Measurement: comma and space are syntax. */
  static StringBuilder escapeMeasurement(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == ' ') b.append('\\');
      b.append(c);
    }
    return b;
  }

  /** Tag keys, tag values, field keys: comma, equals sign and space are syntax. */
  static StringBuilder escapeName(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '=' || c == ' ') b.append('\\');
      b.append(c);
    }
    return b;
  }

  private static String escapeNameString(String s) {
    return escapeName(new StringBuilder(), s).toString();
  }

  /**
   * A string field value: quoted, with quote and backslash escaped; line breaks are allowed inside
   * quotes.
   */
  static StringBuilder quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\');
      b.append(c);
    }
    return b.append('"');
  }
}
