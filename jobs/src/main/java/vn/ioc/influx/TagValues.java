package vn.ioc.influx;

/**
 * Makes measurement names, tag keys, tag values and field keys safe for line protocol, so that
 * every point lands in exactly the series it names.
 *
 * <p>What line protocol cannot carry, found against InfluxDB 1.6 (see {@code InfluxSinkIT}):
 *
 * <ul>
 *   <li>A line break ends the line: a tag value with a newline would cut the point in two and the
 *       rest would be read as a second, forged point. Every control character (CR, LF, tab, the
 *       other C0/C1 codes) becomes one space, which round-trips.
 *   <li>A backslash escapes the next character, and the server rejects a value that ends with one
 *       or puts one before an escaped comma, space or {@code =} ("invalid tag format"), whatever
 *       the number of backslashes. Which backslashes are safe differs between parsers (1.x, 2.x,
 *       3.x), so every backslash becomes {@value #BACKSLASH_REPLACEMENT} (U+29F5 REVERSE SOLIDUS
 *       OPERATOR), which looks like one and never escapes anything.
 *   <li>An empty tag value is dropped by the writers (the point would silently move to the series
 *       without that tag): empty and null become {@value #EMPTY}, visible on the wall and queryable
 *       as {@code WHERE "district" = '(empty)'}.
 * </ul>
 *
 * <p>Everything else is kept: Vietnamese text, commas, spaces and {@code =} are escaped by {@link
 * LineProtocol} and read back unchanged. The mapping is deterministic, so a replay lands on the
 * same series; it is not injective ({@code "a\b"} and {@code "a⧵b"}, or {@code ""} and {@code
 * "(empty)"}, become one series), which is the price of never losing a point.
 */
public final class TagValues {
  /** What an empty or missing tag value (or name) is written as. */
  public static final String EMPTY = "(empty)";

  /** What a backslash is written as. */
  public static final char BACKSLASH_REPLACEMENT = '\u29F5';

  private TagValues() {}

  /**
   * The value as it is stored: control characters to spaces, backslashes replaced, empty to {@link
   * #EMPTY}.
   */
  public static String sanitize(String value) {
    if (value == null || value.isEmpty()) return EMPTY;
    StringBuilder b = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      char r = c == '\\' ? BACKSLASH_REPLACEMENT : Character.isISOControl(c) ? ' ' : c;
      if (r != c && b == null) b = new StringBuilder(value.length()).append(value, 0, i);
      if (b != null) b.append(r);
    }
    return b == null ? value : b.toString();
  }

  /** True when {@link #sanitize} returns the value unchanged. */
  @SuppressWarnings("ReferenceEquality") // sanitize returns its argument itself when unchanged
  public static boolean isClean(String value) {
    return value != null && sanitize(value) == value;
  }
}
