package vn.ioc.calendar;

/** The window sizes of the indicators, finest first; each nests in the next. */
public enum WindowLevel {
  MINUTE("1m"),
  HOUR("1h"),
  DAY("1d"),
  MONTH("1mo");

  private final String tag;

  WindowLevel(String tag) {
    this.tag = tag;
  }

  /** The value of the {@code window} tag in InfluxDB and on the indicator bus. */
  public String tag() {
    return tag;
  }

  /** The next coarser level, or null for the coarsest. */
  public WindowLevel parent() {
    return this == MONTH ? null : values()[ordinal() + 1];
  }

  private static final WindowLevel[] LEVELS = values();

  public static WindowLevel ofOrdinal(int ordinal) {
    return LEVELS[ordinal];
  }
}
