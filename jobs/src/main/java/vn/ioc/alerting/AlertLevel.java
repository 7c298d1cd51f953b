package vn.ioc.alerting;

/**
 * How bad a firing alert is: a rule's warning or critical threshold was crossed, or its series fell
 * silent ({@code nodata}). The code is what {@code ioc.alerts}, InfluxDB and silences' matchers
 * read.
 */
public enum AlertLevel {
  WARNING("warning"),
  CRITICAL("critical"),
  NODATA("nodata");

  private final String code;

  AlertLevel(String code) {
    this.code = code;
  }

  /** The level as written out: {@code warning}, {@code critical}, {@code nodata}. */
  public String code() {
    return code;
  }

  /** The code, so a level reads in text as it is written out. */
  @Override
  public String toString() {
    return code;
  }

  /** The level written as {@code code}. */
  public static AlertLevel ofCode(String code) {
    for (AlertLevel l : values()) if (l.code.equals(code)) return l;
    throw new IllegalArgumentException("not an alert level: " + code);
  }
}
