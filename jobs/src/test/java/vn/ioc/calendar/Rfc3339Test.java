package vn.ioc.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
  static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  @Test
  void examples() {
    ZoneId hcm = ZoneId.of("Asia/Ho_Chi_Minh");
    assertEquals("2024-10-16T15:55:00.000+07:00", Rfc3339.format(1729068900000L, hcm));
    assertEquals("2024-10-16T08:55:00.000Z", Rfc3339.format(1729068900000L, ZoneOffset.UTC));
    assertEquals("1969-12-31T23:59:59.999Z", Rfc3339.format(-1, ZoneOffset.UTC));
    assertEquals(
        "2024-03-10T01:59:59.999-05:00",
        Rfc3339.format(1710053999999L, ZoneId.of("America/New_York")));
    assertEquals(
        "2024-03-10T03:00:00.000-04:00",
        Rfc3339.format(1710054000000L, ZoneId.of("America/New_York")));
    assertEquals(
        "2024-01-01T00:00:00.000+05:45",
        Rfc3339.format(1704046500000L, ZoneId.of("Asia/Kathmandu")));
  }

  /** The hand-written path gives what the formatter gives, over centuries and zones. */
  @Test
  void sameAsTheFormatterEverywhere() {
    String[] zones = {
      "Asia/Ho_Chi_Minh",
      "UTC",
      "America/New_York",
      "Asia/Kathmandu",
      "Pacific/Chatham",
      "America/St_Johns",
      "Europe/Dublin",
      "Africa/Monrovia"
    };
    SplittableRandom random = new SplittableRandom(7);
    for (String z : zones) {
      ZoneId zone = ZoneId.of(z);
      for (int i = 0; i < 20_000; i++) {
        // from the year 1000 to 3000, and the ends of that range's formats
        long t = random.nextLong(-30_610_224_000_000L, 32_503_680_000_000L);
        assertEquals(
            REFERENCE.format(Instant.ofEpochMilli(t).atZone(zone)),
            Rfc3339.format(t, zone),
            z + " " + t);
      }
      // local mean time before 1906 in Saigon is +07:06:40: the formatter's output, seconds cut
      long lmt = -2_500_000_000_000L;
      assertEquals(
          REFERENCE.format(Instant.ofEpochMilli(lmt).atZone(zone)), Rfc3339.format(lmt, zone), z);
    }
    long far = 300_000_000_000_000L; // year 11476: the formatter's sign and width
    assertEquals(
        REFERENCE.format(Instant.ofEpochMilli(far).atZone(ZoneOffset.UTC)),
        Rfc3339.format(far, ZoneOffset.UTC));
  }
}
