package vn.ioc.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.ioc.progress.Items.at;
import static vn.ioc.progress.Items.show;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import vn.ioc.clock.ClockStop;
import vn.ioc.indicators.IndicatorUpdate;

/** The summary alone: throttled points, midnights, corrections, the end of a bounded run. */
class ProgressSummaryTest {
  static final String PROVINCE = SummaryDelta.key("TASK", SummaryDelta.PROVINCE, "");

  static KeyedBroadcastOperatorTestHarness<String, SummaryDelta, Long, IndicatorUpdate> harness()
      throws Exception {
    ProgressSummary summary =
        new ProgressSummary(
            new SummaryBoundaries(Items.HCM, Duration.ofMinutes(5)),
            ClockStop.NO_UNTIL,
            Duration.ofDays(9));
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        summary, SummaryDelta::getKey, Types.STRING, ClockStop.STATE);
  }

  static SummaryDelta change(String local, long total, long completed) {
    SummaryCounts c = new SummaryCounts();
    c.total = total;
    c.completed = completed;
    return new SummaryDelta(PROVINCE, at(local), c);
  }

  static void send(
      KeyedBroadcastOperatorTestHarness<String, SummaryDelta, Long, IndicatorUpdate> h,
      SummaryDelta d)
      throws Exception {
    h.processElement(d, d.boundary);
  }

  static Map<String, String> stored(
      KeyedBroadcastOperatorTestHarness<String, SummaryDelta, Long, IndicatorUpdate> h) {
    Map<String, String> m = new TreeMap<>();
    for (IndicatorUpdate u : h.extractOutputValues()) {
      String s = show(u, "total", "completed", "completed_pct").replace(" (replace)", "");
      m.put(s.substring(0, s.indexOf(' ', s.indexOf('@'))), s);
    }
    return m;
  }

  @Test
  void pointsAtTouchedBoundariesAndMidnightsWhateverTheOrderOfArrival() throws Exception {
    List<SummaryDelta> changes =
        List.of(
            change("2024-03-01T10:00", 2, 0),
            change("2024-03-01T10:05", 0, 1),
            change("2024-03-02T09:00", 0, 0), // a report that moved no count: still a point
            change("2024-03-02T14:05", 1, 1));
    Map<String, String> inOrder;
    try (var h = harness()) {
      h.open();
      for (SummaryDelta d : changes) send(h, d);
      h.watermark(at("2024-03-03T12:00"));
      inOrder = stored(h);
    }
    assertEquals(
        List.of(
            "progress_summary,kind=TASK,scope=province @2024-03-01T10:00 total=2 completed=0 completed_pct=0.0",
            "progress_summary,kind=TASK,scope=province @2024-03-01T10:05 total=2 completed=1 completed_pct=50.0",
            "progress_summary,kind=TASK,scope=province @2024-03-02T00:00 total=2 completed=1 completed_pct=50.0",
            "progress_summary,kind=TASK,scope=province @2024-03-02T09:00 total=2 completed=1 completed_pct=50.0",
            "progress_summary,kind=TASK,scope=province @2024-03-02T14:05 total=3 completed=2 completed_pct=66.66666666666667",
            "progress_summary,kind=TASK,scope=province @2024-03-03T00:00 total=3 completed=2 completed_pct=66.66666666666667"),
        List.copyOf(inOrder.values()));
    try (var h = harness()) {
      h.open();
      send(h, changes.get(2));
      h.watermark(at("2024-03-02T12:00"));
      send(h, changes.get(0)); // late: corrects 03-02 00:00 and 09:00, writes its own boundary
      send(h, changes.get(3));
      send(h, changes.get(1)); // late too
      h.watermark(at("2024-03-03T12:00"));
      assertEquals(inOrder, stored(h));
    }
  }

  @Test
  void theLastPointOfABoundedRunIsStampedAtTheStopNotBeyond() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, change("2024-03-01T10:00", 2, 0));
      send(h, change("2024-03-01T10:05", 0, 1)); // a report at 10:02, in the interval ending 10:05
      h.processBroadcastElement(at("2024-03-01T10:02"), at("2024-03-01T10:02"));
      h.watermark(Long.MAX_VALUE);
      assertEquals(
          List.of(
              "progress_summary,kind=TASK,scope=province @2024-03-01T10:00 total=2 completed=0 completed_pct=0.0",
              "progress_summary,kind=TASK,scope=province @2024-03-01T10:02 total=2 completed=1 completed_pct=50.0"),
          List.copyOf(stored(h).values()));
    }
  }

  @Test
  void aChangeOlderThanThePointsKeptCorrectsNothingANewerOneCorrectsFromItsBoundaryOn()
      throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, change("2024-03-01T10:00", 2, 0));
      h.watermark(at("2024-03-21T12:00")); // 20 midnights: points older than 9 days are gone
      int written = h.extractOutputValues().size();
      assertEquals(21, written); // 10:00 on 03-01 and the midnights 03-02 to 03-21
      send(h, change("2024-03-02T10:00", 1, 0)); // 19 days back: nothing left to correct
      assertEquals(written, h.extractOutputValues().size());
      send(h, change("2024-03-20T10:00", 1, 1)); // 1 day back: 03-20 10:00 and 03-21 00:00
      Map<String, String> points = stored(h);
      assertEquals(written + 2, h.extractOutputValues().size());
      assertEquals(
          "progress_summary,kind=TASK,scope=province @2024-03-20T10:00 total=3 completed=1 completed_pct=33.333333333333336",
          points.get("progress_summary,kind=TASK,scope=province @2024-03-20T10:00"));
      assertEquals(
          "progress_summary,kind=TASK,scope=province @2024-03-21T00:00 total=3 completed=1 completed_pct=33.333333333333336",
          points.get("progress_summary,kind=TASK,scope=province @2024-03-21T00:00"));
    }
  }
}
