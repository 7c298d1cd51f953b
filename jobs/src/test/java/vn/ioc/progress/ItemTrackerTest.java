package vn.ioc.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.ioc.progress.Items.at;
import static vn.ioc.progress.Items.report;
import static vn.ioc.progress.Items.show;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockStop;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.tools.ProjectFiles;

/**
 * The item tracker alone: midnights, late reports, moved deadlines, staleness, the clock's stop.
 */
class ItemTrackerTest {
  static WorkingDays calendar;

  @BeforeAll
  static void load() throws Exception {
    calendar = WorkingDays.load(ProjectFiles.root().resolve(Path.of("deploy", "calendar")));
  }

  static KeyedBroadcastOperatorTestHarness<String, ProgressReport, Long, IndicatorUpdate> harness()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new ItemTracker(
                Items.HCM,
                calendar,
                Map.of(),
                7,
                ClockStop.NO_UNTIL,
                new SummaryBoundaries(Items.HCM, Duration.ofMinutes(5))),
            List.of(ClockStop.STATE)),
        r -> r.itemId,
        Types.STRING,
        1,
        1,
        0);
  }

  static ProgressReport task(String id, String status, double pct, String deadline, String at) {
    return report(id, "A", "TASK", "G1", "U1", status, pct, "2024-03-01", deadline, at);
  }

  static void send(
      KeyedBroadcastOperatorTestHarness<String, ProgressReport, Long, IndicatorUpdate> h,
      ProgressReport r)
      throws Exception {
    h.processElement(r, r.reportedAt);
  }

  /** The last value written at each series and time: what InfluxDB holds at the end. */
  static Map<String, String> stored(
      KeyedBroadcastOperatorTestHarness<String, ProgressReport, Long, IndicatorUpdate> h,
      String... fields) {
    Map<String, String> m = new TreeMap<>();
    for (IndicatorUpdate u : h.extractOutputValues()) {
      String s = show(u, fields).replace(" (replace)", "");
      m.put(s.substring(0, s.indexOf(' ', s.indexOf('@'))), s);
    }
    return m;
  }

  /** The summary counts each key holds at each boundary (the sum of the changes up to it). */
  static Map<String, String> summaries(
      KeyedBroadcastOperatorTestHarness<String, ProgressReport, Long, IndicatorUpdate> h) {
    TreeMap<Long, Map<String, SummaryCounts>> byBoundary = new TreeMap<>();
    for (StreamRecord<SummaryDelta> r : h.getSideOutput(ItemTracker.SUMMARY)) {
      SummaryDelta d = r.getValue();
      byBoundary
          .computeIfAbsent(d.boundary, b -> new TreeMap<>())
          .computeIfAbsent(d.key, k -> new SummaryCounts())
          .add(d.counts, 1);
    }
    Map<String, SummaryCounts> running = new TreeMap<>();
    Map<String, String> out = new TreeMap<>();
    byBoundary.forEach(
        (b, changes) ->
            changes.forEach(
                (k, c) -> {
                  SummaryCounts sum = running.computeIfAbsent(k, x -> new SummaryCounts());
                  sum.add(c, 1);
                  out.put(k + " @" + Items.local(b), sum.toString());
                }));
    return out;
  }

  @Test
  void aLateReportRewritesWhatItSupersedesAndEndsAsIfItHadComeInOrder() throws Exception {
    ProgressReport first = task("a-1", "IN_PROGRESS", 10, "2024-03-05", "2024-03-01T10:00");
    ProgressReport late = task("a-2", "COMPLETED", Double.NaN, "2024-03-05", "2024-03-02T12:00");
    Map<String, String> inOrder;
    Map<String, String> inOrderSummaries;
    try (var h = harness()) {
      h.open();
      send(h, first);
      send(h, late); // before the clock passes any midnight: the tracker catches up by itself
      h.watermark(at("2024-03-05T01:00"));
      inOrder = stored(h, "status", "completed_late_days", "at_risk");
      inOrderSummaries = summaries(h);
    }
    try (var h = harness()) {
      h.open();
      send(h, first);
      h.watermark(at("2024-03-04T01:00")); // midnights 03-02, 03-03, 03-04 show the first report
      send(h, late);
      h.watermark(at("2024-03-05T01:00"));
      assertEquals(inOrder, stored(h, "status", "completed_late_days", "at_risk"));
      assertEquals(inOrderSummaries, summaries(h));
    }
    assertEquals(
        Map.of(
            "item_status,item=A,kind=TASK @2024-03-01T10:00",
            "item_status,item=A,kind=TASK @2024-03-01T10:00 status=IN_PROGRESS completed_late_days=0 at_risk=0",
            "item_status,item=A,kind=TASK @2024-03-02T00:00",
            "item_status,item=A,kind=TASK @2024-03-02T00:00 status=IN_PROGRESS completed_late_days=0 at_risk=1",
            "item_status,item=A,kind=TASK @2024-03-02T12:00",
            "item_status,item=A,kind=TASK @2024-03-02T12:00 status=COMPLETED completed_late_days=0 at_risk=0",
            "item_status,item=A,kind=TASK @2024-03-03T00:00",
            "item_status,item=A,kind=TASK @2024-03-03T00:00 status=COMPLETED completed_late_days=0 at_risk=0",
            "item_status,item=A,kind=TASK @2024-03-04T00:00",
            "item_status,item=A,kind=TASK @2024-03-04T00:00 status=COMPLETED completed_late_days=0 at_risk=0",
            "item_status,item=A,kind=TASK @2024-03-05T00:00",
            "item_status,item=A,kind=TASK @2024-03-05T00:00 status=COMPLETED completed_late_days=0 at_risk=0"),
        inOrder);
    assertEquals(
        "total=1 completed=0 in_progress=1 not_started=0 overdue=0 at_risk=1 stale=0 completed_on_time=0",
        inOrderSummaries.get("TASK|province| @2024-03-02T00:00"));
    assertEquals(
        "total=1 completed=1 in_progress=0 not_started=0 overdue=0 at_risk=0 stale=0 completed_on_time=1",
        inOrderSummaries.get("TASK|province| @2024-03-02T12:00"));
    assertEquals(
        "total=1 completed=1 in_progress=0 not_started=0 overdue=0 at_risk=0 stale=0 completed_on_time=1",
        inOrderSummaries.get("TASK|owner_unit|U1 @2024-03-02T12:00"));
  }

  @Test
  void aRewrittenPointThatLosesAFieldReplacesTheStoredOne() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, task("a-1", "IN_PROGRESS", 10, "2024-03-05", "2024-03-01T10:00"));
      h.watermark(at("2024-03-03T01:00"));
      // late, and without a progress: progress_pct and pace_gap_pct must not survive from a-1
      send(h, task("a-2", "IN_PROGRESS", Double.NaN, "2024-03-05", "2024-03-02T12:00"));
      assertEquals(
          List.of(
              "item_status,item=A,kind=TASK @2024-03-02T12:00 progress_pct=null (replace)",
              "item_status,item=A,kind=TASK @2024-03-03T00:00 progress_pct=null (replace)"),
          h.extractOutputValues().stream()
              .map(u -> show(u, "progress_pct"))
              .filter(s -> s.contains("(replace)"))
              .sorted()
              .toList());
    }
  }

  @Test
  void aMovedDeadlineAppliesFromItsReportOnHistoryStays() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, task("a-1", "IN_PROGRESS", 50, "2024-03-05", "2024-03-01T10:00"));
      h.watermark(at("2024-03-07T01:00")); // overdue on 03-06 and 03-07
      send(h, task("a-2", "IN_PROGRESS", 50, "2024-03-29", "2024-03-07T09:00"));
      h.watermark(at("2024-03-08T01:00"));
      assertEquals(
          List.of(
              "item_status,item=A,kind=TASK @2024-03-06T00:00 overdue_days=1 overdue_working_days=1",
              "item_status,item=A,kind=TASK @2024-03-07T00:00 overdue_days=2 overdue_working_days=2",
              "item_status,item=A,kind=TASK @2024-03-07T09:00 overdue_days=0 overdue_working_days=0",
              "item_status,item=A,kind=TASK @2024-03-08T00:00 overdue_days=0 overdue_working_days=0"),
          stored(h, "overdue_days", "overdue_working_days").values().stream()
              .filter(
                  s ->
                      s.contains("@2024-03-0")
                          && s.compareTo("item_status,item=A,kind=TASK @2024-03-06") > 0)
              .toList());
    }
  }

  @Test
  void anOwnerWhoStopsReportingIsStaleAfterTheCadence() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, task("a-1", "IN_PROGRESS", 50, "2024-06-30", "2024-03-01T16:00"));
      h.watermark(at("2024-03-10T01:00"));
      Map<String, String> s = stored(h, "days_since_report", "stale");
      assertEquals(
          "item_status,item=A,kind=TASK @2024-03-08T00:00 days_since_report=7 stale=0",
          s.get("item_status,item=A,kind=TASK @2024-03-08T00:00"));
      assertEquals(
          "item_status,item=A,kind=TASK @2024-03-09T00:00 days_since_report=8 stale=1",
          s.get("item_status,item=A,kind=TASK @2024-03-09T00:00"));
      assertEquals(
          "total=1 completed=0 in_progress=1 not_started=0 overdue=0 at_risk=0 stale=1 completed_on_time=0",
          summaries(h).get("TASK|owner_unit|U1 @2024-03-09T00:00"));
    }
  }

  @Test
  void theEndOfABoundedRunFiresNothingBeyondTheClocksStop() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, task("a-1", "IN_PROGRESS", 50, "2024-06-30", "2024-03-01T16:00"));
      h.processBroadcastElement(at("2024-03-03T08:00"), at("2024-03-03T08:00"));
      h.watermark(Long.MAX_VALUE);
      assertEquals(
          List.of(
              "item_status,item=A,kind=TASK @2024-03-01T16:00",
              "item_status,item=A,kind=TASK @2024-03-02T00:00",
              "item_status,item=A,kind=TASK @2024-03-03T00:00"),
          List.copyOf(stored(h).keySet()));
    }
  }

  /** Every point written, in order: series, local time and status. */
  static List<String> written(
      KeyedBroadcastOperatorTestHarness<String, ProgressReport, Long, IndicatorUpdate> h) {
    return h.extractOutputValues().stream().map(u -> show(u, "status")).toList();
  }

  @Test
  void onlyANewerReportCountsOlderOnesAndRedeliveriesChangeNothing() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, task("a-2", "IN_PROGRESS", 40, "2024-06-30", "2024-03-20T16:00"));
      send(h, task("a-1", "NOT_STARTED", 0, "2024-06-30", "2024-03-13T16:00")); // older
      send(h, task("a-2", "IN_PROGRESS", 40, "2024-06-30", "2024-03-20T16:00")); // again
      send(h, task("a-3", "COMPLETED", 100, "2024-06-30", "2024-03-22T09:00"));
      assertEquals(
          List.of(
              "item_status,item=A,kind=TASK @2024-03-20T16:00 status=IN_PROGRESS",
              "item_status,item=A,kind=TASK @2024-03-21T00:00 status=IN_PROGRESS",
              "item_status,item=A,kind=TASK @2024-03-22T00:00 status=IN_PROGRESS",
              "item_status,item=A,kind=TASK @2024-03-22T09:00 status=COMPLETED"),
          written(h));
      // the summaries saw the item once: in progress, then completed
      assertEquals(
          "total=1 completed=1 in_progress=0 not_started=0 overdue=0 at_risk=0 stale=0 completed_on_time=1",
          summaries(h).get("TASK|province| @2024-03-22T09:00"));
    }
  }

  @Test
  void aTieOnReportedAtGoesToTheLargerReportIdInEitherOrder() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, task("a-b", "IN_PROGRESS", 40, "2024-06-30", "2024-03-20T16:00"));
      send(h, task("a-a", "COMPLETED", 100, "2024-06-30", "2024-03-20T16:00")); // smaller id
      send(h, task("a-c", "COMPLETED", 100, "2024-06-30", "2024-03-20T16:00")); // larger id
      assertEquals(
          List.of(
              "item_status,item=A,kind=TASK @2024-03-20T16:00 status=IN_PROGRESS",
              "item_status,item=A,kind=TASK @2024-03-20T16:00 status=COMPLETED"),
          written(h));
    }
  }

  @Test
  void theNewestReportAndTheMidnightsWrittenSurviveARestore() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      send(h, task("a-2", "IN_PROGRESS", 40, "2024-06-30", "2024-03-20T16:00"));
      h.watermark(at("2024-03-21T08:00"));
      snapshot = h.snapshot(1, 0);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      send(restored, task("a-1", "NOT_STARTED", 0, "2024-06-30", "2024-03-13T16:00")); // older
      send(restored, task("a-3", "IN_PROGRESS", 60, "2024-06-30", "2024-03-22T16:00"));
      assertEquals(
          List.of(
              "item_status,item=A,kind=TASK @2024-03-22T00:00 status=IN_PROGRESS",
              "item_status,item=A,kind=TASK @2024-03-22T16:00 status=IN_PROGRESS"),
          written(restored));
    }
  }

  @Test
  void whatTheTrackerKeepsIsAFlinkPojoSoItNeverFallsBackToKryo() {
    assertEquals(
        org.apache.flink.api.java.typeutils.PojoTypeInfo.class,
        org.apache.flink.api.common.typeinfo.TypeInformation.of(TrackedItem.class).getClass());
    assertEquals(
        org.apache.flink.api.java.typeutils.PojoTypeInfo.class,
        org.apache.flink.api.common.typeinfo.TypeInformation.of(ProgressReport.class).getClass());
  }
}
