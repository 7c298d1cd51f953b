package vn.ioc.it;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import vn.ioc.calendar.Rfc3339;

/**
 * A deterministic stream of single-application reports in event-time order (for runs that must last
 * long enough to be interrupted), with a sprinkle of malformed lines.
 */
final class SyntheticFeed {
  private SyntheticFeed() {}

  static Path write(Path file, int messages, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long start = OffsetDateTime.parse("2024-03-28T00:00:00+07:00").toInstant().toEpochMilli();
    long step = 5L * 86_400_000 / messages;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < messages; i++) {
        if (i % 5_000 == 4_999) {
          w.write("{\"reportId\": \"broken-" + i + "\", \"unitCode\": \"U" + (i % 20) + "\"}\n");
          continue;
        }
        int unit = random.nextInt(20);
        int service = random.nextInt(10);
        long t = start + i * step;
        String channel =
            switch (random.nextInt(20)) {
              case 0 ->
                  "\"online\": 0, \"direct\": 0, \"postal\": 0"; // a report of nothing: its windows
              // still exist
              case 1, 2, 3, 4, 5, 6, 7, 8, 9 -> "\"online\": 1, \"direct\": 0, \"postal\": 0";
              case 10, 11, 12, 13, 14 -> "\"online\": 0, \"direct\": 1, \"postal\": 0";
              default -> "\"online\": 0, \"direct\": 0, \"postal\": 1";
            };
        String district = unit < 12 ? "\"districtCode\": \"4" + (12 + unit % 6) + "\", " : "";
        w.write(
            "{\"reportId\": \"syn-"
                + i
                + "\", \"unitCode\": \"U"
                + unit
                + "\", "
                + district
                + "\"serviceCode\": \"1.00"
                + (4200 + service)
                + "\", \"periodStart\": \""
                + Rfc3339.format(t, ZoneOffset.ofHours(7))
                + "\", "
                + "\"received\": {"
                + channel
                + "}, \"resolved\": {\"onTime\": "
                + random.nextInt(2)
                + ", \"late\": "
                + random.nextInt(2)
                + "}}\n");
      }
    }
    return file;
  }
}
