package vn.ioc.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.tools.ProjectFiles;

/** The calendar warning: the shipped calendar covers 2024–2027. */
class CalendarWatchTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  static long at(String day) {
    return LocalDate.parse(day).atTime(9, 30).atZone(HCM).toInstant().toEpochMilli();
  }

  @Test
  void warnsFromDecemberWhenNextYearIsMissingAndOnceAYear() throws Exception {
    WorkingDays calendar =
        WorkingDays.load(ProjectFiles.root().resolve(Path.of("deploy", "calendar")));
    CalendarWatch watch = new CalendarWatch(calendar, HCM);
    assertEquals(null, watch.missingYear(LocalDate.of(2027, 11, 30)));
    assertEquals(2028, watch.missingYear(LocalDate.of(2027, 12, 1)));
    assertEquals(2028, watch.missingYear(LocalDate.of(2028, 3, 1)));
    assertEquals(null, watch.missingYear(LocalDate.of(2024, 12, 31)), "2025 is there");
    try (var h =
        new OneInputStreamOperatorTestHarness<Long, IndicatorUpdate>(
            new ProcessOperator<>(watch))) {
      h.open();
      for (String day :
          List.of("2027-11-30", "2027-12-01", "2027-12-02", "2028-01-04", "2029-01-03"))
        h.processElement(at(day), at(day));
      List<IndicatorUpdate> out = h.extractOutputValues();
      assertEquals(
          List.of(2028L, 2029L),
          out.stream().map(u -> u.point.longFields.get("calendar_missing_year")).toList());
      assertEquals(
          LocalDate.of(2027, 12, 1).atStartOfDay(HCM).toInstant().toEpochMilli(),
          out.get(0).point.timeMillis);
      assertEquals("calendar", out.get(0).point.tags.get("scope"));
      assertEquals(
          "the working-day calendar (deploy/calendar/) has no days of 2028: overdue working days"
              + " count weekends only until its days off are added",
          out.get(0).point.stringFields.get("warning"));
    }
  }
}
