package vn.ioc.influx;

import java.util.Collection;
import java.util.List;
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
   * Deletes exactly the given stored points of one measurement at one instant: for each tag set,
   * that series at {@code timeMillis}, nothing else.
   *
   * <p>A tag condition in InfluxQL matches every series that has that tag value, including series
   * with more tags (a {@code unit_service} series would match the conditions of its {@code unit}
   * series). So every tag key the measurement has but a point does not is pinned to {@code ''},
   * which matches only series without that tag. {@code knownTagKeys} must therefore hold every tag
   * key of the measurement ({@code SHOW TAG KEYS} plus the keys about to be written).
   *
   * <p>Several series at one instant go into one statement, {@code (series 1) OR (series 2) ...},
   * with the time condition outside: InfluxDB 1.6 deletes such a group about five times faster than
   * one statement per series. The time is an integer in nanoseconds, InfluxQL's unit for bare
   * numbers.
   */
  static String deletePoints(
      String measurement,
      List<Map<String, String>> tagSets,
      long timeMillis,
      Collection<String> knownTagKeys) {
    if (tagSets.isEmpty()) throw new IllegalArgumentException("nothing to delete");
    StringBuilder b =
        new StringBuilder("DELETE FROM ").append(identifier(measurement)).append(" WHERE ");
    TreeSet<String> keys = new TreeSet<>(knownTagKeys);
    tagSets.forEach(tags -> keys.addAll(tags.keySet()));
    if (keys.isEmpty())
      return b.append("time = ").append(Math.multiplyExact(timeMillis, 1_000_000L)).toString();
    boolean several = tagSets.size() > 1;
    if (several) b.append('(');
    for (int i = 0; i < tagSets.size(); i++) {
      if (i > 0) b.append(" OR ");
      if (several) b.append('(');
      int n = 0;
      for (String key : keys) {
        String value = tagSets.get(i).get(key);
        if (n++ > 0) b.append(" AND ");
        b.append(identifier(key)).append(" = ").append(string(value == null ? "" : value));
      }
      if (several) b.append(')');
    }
    if (several) b.append(')');
    return b.append(" AND time = ").append(Math.multiplyExact(timeMillis, 1_000_000L)).toString();
  }

  /** The measurement's tag keys (first result) and field keys (second result). */
  static String showKeys(String measurement) {
    return "SHOW TAG KEYS FROM "
        + identifier(measurement)
        + ";\nSHOW FIELD KEYS FROM "
        + identifier(measurement);
  }
}
