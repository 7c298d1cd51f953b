package vn.ioc.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockStop;
import vn.ioc.config.ClockKind;
import vn.ioc.health.CalendarWatch;
import vn.ioc.health.FeedFreshness;
import vn.ioc.health.FeedHealth;
import vn.ioc.health.FeedHealthDelta;
import vn.ioc.health.FeedTimes;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.progress.ItemStatus;
import vn.ioc.progress.ProgressPoints;
import vn.ioc.progress.ProgressReport;
import vn.ioc.progress.SummaryCounts;
import vn.ioc.submissions.Counts;
import vn.ioc.submissions.Scope;
import vn.ioc.submissions.ServiceRates;
import vn.ioc.submissions.WindowSnapshot;
import vn.ioc.tools.ProjectFiles;

/**
 * The catalogue rules are checked against is what the jobs publish: every point builder's output,
 * with every field it can write, has its measurement, tags, tag values and fields in it.
 */
class IndicatorCatalogueTest {
  static final IndicatorCatalogue CATALOGUE = IndicatorCatalogue.load();
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  @Test
  void theJarCarriesTheFourMeasurementsRulesCanWatch() {
    assertEquals(
        Set.of("service_rates", "feed_health", "item_status", "progress_summary"),
        CATALOGUE.names());
    IndicatorCatalogue.Measurement feed = CATALOGUE.measurement("feed_health");
    assertTrue(feed.hasField("dead_letters_bad_json"), "a name with a listed start");
    assertFalse(feed.hasField("dead_letter"));
    assertEquals(null, CATALOGUE.measurement("servce_rates"));
  }

  @Test
  void everyPointTheJobsPublishIsInTheCatalogue() throws Exception {
    List<InfluxPoint> points = new ArrayList<>();
    for (Scope scope : Scope.values()) {
      WindowSnapshot s = new WindowSnapshot();
      s.scope = scope;
      s.window = "1d";
      s.province = "40";
      s.district = scope == Scope.PROVINCE ? null : "412";
      s.unit = scope == Scope.UNIT || scope == Scope.UNIT_SERVICE ? "000.00.44.H40" : null;
      s.service = scope == Scope.UNIT_SERVICE ? "1.004227" : null;
      s.counts = new Counts(5, 3, 1, 2, 4, 1);
      points.add(ServiceRates.point(s));
    }
    FeedHealthDelta h = new FeedHealthDelta();
    h.unit = "000.00.44.H40";
    h.records = 3;
    h.maxReportDelay = 5_000;
    h.deadLetters = Map.of("bad-json", 1L, "cardinality-limit", 2L);
    points.add(FeedHealth.update("000.00.44.H40", h, 1_000L, false, null).point);
    for (ClockKind clock : ClockKind.values()) {
      try (var freshness =
          new OneInputStreamOperatorTestHarness<FeedTimes, IndicatorUpdate>(
              new FeedFreshness("40", "progress", clock, ClockStop.NO_UNTIL))) {
        freshness.open();
        FeedTimes tick = FeedTimes.tick(120_000);
        FeedTimes sample = new FeedTimes();
        sample.at = 120_000;
        sample.newest = 110_000;
        sample.watermark = 60_000;
        FeedTimes read = new FeedTimes();
        read.minutes.put(120_000L, 110_000L);
        for (FeedTimes t : List.of(tick, sample, read)) freshness.processElement(t, 0);
        freshness.processWatermark(120_000);
        // the live sample (a lag on either clock, a data age on the wall clock); the time line
        freshness.extractOutputValues().forEach(u -> points.add(u.point));
      }
    }
    WorkingDays calendar =
        WorkingDays.load(ProjectFiles.root().resolve(Path.of("deploy", "calendar")));
    try (var watch =
        new OneInputStreamOperatorTestHarness<Long, IndicatorUpdate>(
            new ProcessOperator<>(new CalendarWatch(calendar, HCM)))) {
      watch.open();
      long day = LocalDate.of(2026, 12, 1).atTime(9, 0).atZone(HCM).toInstant().toEpochMilli();
      watch.processElement(day, day);
      watch.extractOutputValues().forEach(u -> points.add(u.point));
    }
    ProgressReport r = new ProgressReport();
    r.kind = "TASK";
    r.itemId = "NV-01";
    r.title = "Số hoá hồ sơ";
    r.group = "1";
    r.ownerUnit = "000.00.44.H40";
    r.responsible = "Phó Giám đốc";
    points.add(
        ProgressPoints.itemStatus(
                r, new ItemStatus("IN_PROGRESS", 40, 60, -20, 3, 2, 0, 1, false, true), 0, false)
            .point);
    SummaryCounts c = new SummaryCounts();
    c.total = 4;
    c.completed = 2;
    c.completedOnTime = 1;
    for (String key : List.of("TASK|province|40", "MODEL|group|1", "TASK|owner_unit|u"))
      points.add(ProgressPoints.summary(key, c, 0, false).point);

    assertEquals(4 + 1 + 3 + 1 + 1 + 3, points.size());
    List<String> outside = new ArrayList<>();
    for (InfluxPoint p : points) {
      IndicatorCatalogue.Measurement m = CATALOGUE.measurement(p.measurement);
      if (m == null) {
        outside.add("measurement " + p.measurement);
        continue;
      }
      p.tags.forEach(
          (tag, value) -> {
            Set<String> values = m.tags().get(tag);
            if (values == null) outside.add(p.measurement + " tag " + tag);
            else if (!values.isEmpty() && !values.contains(value))
              outside.add(p.measurement + " " + tag + "=" + value);
          });
      List<String> fields = new ArrayList<>(p.longFields.keySet());
      fields.addAll(p.doubleFields.keySet());
      fields.addAll(p.stringFields.keySet());
      for (String f : fields) if (!m.hasField(f)) outside.add(p.measurement + " field " + f);
    }
    assertEquals(List.of(), outside);
  }
}
