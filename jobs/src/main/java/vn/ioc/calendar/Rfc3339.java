package vn.ioc.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formats instants as RFC 3339 timestamps with seconds, milliseconds and an explicit offset. */
public final class Rfc3339 {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private Rfc3339() {}

  public static String format(long epochMillis, ZoneId zone) {
    return FORMAT.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }
}
