package vn.ioc.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Formats instants as RFC 3339 timestamps with seconds, milliseconds and an explicit offset ({@code
 * 2024-10-16T15:55:00.000+07:00}; {@code Z} for a zero offset). Every indicator write on the bus
 * formats three, so the common case (years 0000–9999, an offset of whole minutes) is written by
 * hand; anything else goes through {@link DateTimeFormatter}, with the same result.
 */
public final class Rfc3339 {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private Rfc3339() {}

  public static String format(long epochMillis, ZoneId zone) {
    int offsetSeconds =
        zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
    if (offsetSeconds % 60 != 0) return slow(epochMillis, zone);
    long local = epochMillis + offsetSeconds * 1000L;
    long day = Math.floorDiv(local, 86_400_000L);
    int millisOfDay = (int) Math.floorMod(local, 86_400_000L);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 0 || year > 9999) return slow(epochMillis, zone);
    char[] c = new char[offsetSeconds == 0 ? 24 : 29];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, millisOfDay / 3_600_000, 2);
    c[13] = ':';
    digits(c, 14, millisOfDay / 60_000 % 60, 2);
    c[16] = ':';
    digits(c, 17, millisOfDay / 1000 % 60, 2);
    c[19] = '.';
    digits(c, 20, millisOfDay % 1000, 3);
    if (offsetSeconds == 0) {
      c[23] = 'Z';
    } else {
      int minutes = Math.abs(offsetSeconds) / 60;
      c[23] = offsetSeconds < 0 ? '-' : '+';
      digits(c, 24, minutes / 60, 2);
      c[26] = ':';
      digits(c, 27, minutes % 60, 2);
    }
    return new String(c);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static String slow(long epochMillis, ZoneId zone) {
    return FORMAT.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }
}
