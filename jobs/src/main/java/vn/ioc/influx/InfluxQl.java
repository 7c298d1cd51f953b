package vn.ioc.influx;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * The InfluxQL statements the sink sends, with InfluxQL's quoting.
 *
 * <p>Identifiers go in double quotes, string literals in single quotes; inside both, InfluxQL's
 * scanner knows the escapes {@code \\}, {@code \"}, {@code \'} and {@code \n} (a raw line break
 * ends the statement with "bad string"), so those are the ones produced.
 */
final class InfluxQl {
  private InfluxQl() {}

  static String identifier(String name) {
    return quoted(name, '"');
  }

  static String string(String value) {
    return quoted(value, '\'');
  }

  private static String quoted(String s, char quote) {
    StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '"', '\'' -> b.append('\\').append(c);
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append(quote).toString();
  }

  /**
   * Deletes exactly one stored point: this measurement, this series, this instant.
   *
   * <p>A tag condition in InfluxQL matches every series that has that tag value, including
   * series with more tags (a {@code unit_service} series would match the conditions of its
   * {@code unit} series). So every tag key the measurement has but the point does not is pinned to
   * {@code ''}, which matches only series without that tag. {@code knownTagKeys} must therefore
   * hold every tag key of the measurement ({@code SHOW TAG KEYS} plus the keys about to be written).
   *
   * <p>The time is an integer in nanoseconds, InfluxQL's unit for bare numbers.
   */
  static String deletePoint(String measurement, Map<String, String> tags, long timeMillis, Collection<String> knownTagKeys) {
    StringBuilder b = new StringBuilder("DELETE FROM ").append(identifier(measurement)).append(" WHERE ");
    TreeSet<String> keys = new TreeSet<>(knownTagKeys);
    keys.addAll(tags.keySet());
    for (String key : keys) {
      String value = tags.get(key);
      b.append(identifier(key)).append(" = ").append(string(value == null ? "" : value)).append(" AND ");
    }
    return b.append("time = ").append(Math.multiplyExact(timeMillis, 1_000_000L)).toString();
  }

  static String showTagKeys(String measurement) {
    return "SHOW TAG KEYS FROM " + identifier(measurement);
  }
}
