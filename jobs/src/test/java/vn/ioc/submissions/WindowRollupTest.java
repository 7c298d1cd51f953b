package vn.ioc.submissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.ioc.submissions.Reports.at;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;

/**
 * One series' windows in a live run, driven by hand: early writes, throttling, close, cleanup,
 * restore.
 */
class WindowRollupTest {
  static final LocalCalendar CAL = new LocalCalendar(ZoneId.of("Asia/Ho_Chi_Minh"));
  static final Duration HORIZON = Duration.ofDays(3);

  static KeyedOneInputStreamOperatorTestHarness<String, Contribution, WindowSnapshot> harness(
      boolean live) throws Exception {
    return harness(live, 100);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, Contribution, WindowSnapshot> harness(
      boolean live, int maxSeries) throws Exception {
    WindowRollup rollup =
        new WindowRollup(
            CAL, HORIZON, live, Duration.ofSeconds(1), Duration.ofSeconds(10), maxSeries);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(rollup), Contribution::seriesKey, Types.STRING);
  }

  static Contribution unitMinute(String minute, Counts delta) {
    Contribution c = new Contribution();
    c.scope = Scope.UNIT;
    c.province = "40";
    c.district = "412";
    c.unit = "U1";
    c.level = WindowLevel.MINUTE.ordinal();
    c.windowStart = at(minute);
    c.delta = delta;
    c.asOf = at(minute) + 30_000;
    return c;
  }

  static List<String> written(
      KeyedOneInputStreamOperatorTestHarness<String, Contribution, WindowSnapshot> h) {
    List<String> out =
        h.extractOutputValues().stream()
            .map(
                s ->
                    s.window
                        + ":"
                        + s.counts.online
                        + "/"
                        + s.counts.received()
                        + "/"
                        + s.counts.resolvedOnTime
                        + (s.isFinal ? ":final" : "")
                        + (s.replace ? ":replace" : ""))
            .collect(Collectors.toList());
    h.getOutput().clear();
    return out;
  }

  @Test
  void liveRunWritesEarlyThrottlesClosesAndReplacesARateThatNoLongerApplies() throws Exception {
    var h = harness(true);
    h.open();
    h.setProcessingTime(0);
    h.processWatermark(at("2024-03-31T08:00:00"));
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(1, 0, 0, 0, 1, 0)), at("2024-03-31T08:00:30"));
    assertEquals(List.of(), written(h), "nothing before the first tick");

    h.setProcessingTime(1_000);
    assertEquals(List.of("1m:1/1/1", "1h:1/1/1", "1d:1/1/1", "1mo:1/1/1"), written(h));
    List<Contribution> up =
        h.getSideOutput(WindowRollup.UPWARD).stream().map(StreamRecord::getValue).toList();
    assertEquals(2, up.size());
    assertEquals(Scope.DISTRICT, up.get(0).scope);
    assertEquals(Scope.PROVINCE, up.get(1).scope);
    assertNull(up.get(1).district);
    assertEquals(new Counts(1, 0, 0, 0, 1, 0), up.get(1).delta);
    assertEquals(WindowLevel.MINUTE.ordinal(), up.get(1).level);

    // a revision takes the minute back to nothing: throttled for 10 s, then written replacing the
    // rates
    h.setProcessingTime(2_000);
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(-1, 0, 0, 0, -1, 0)),
        at("2024-03-31T08:00:30"));
    h.setProcessingTime(3_000);
    assertEquals(List.of(), written(h), "at most one write per window per 10 s");
    h.setProcessingTime(11_000);
    assertEquals(
        List.of("1m:0/0/0:replace", "1h:0/0/0:replace", "1d:0/0/0:replace", "1mo:0/0/0:replace"),
        written(h));

    // the watermark passes the minute's end: its final write, then nothing more until new data
    h.processWatermark(at("2024-03-31T08:01:00"));
    assertEquals(List.of("1m:0/0/0:final"), written(h));
    h.setProcessingTime(30_000);
    assertEquals(List.of(), written(h));
    h.close();
  }

  @Test
  void stateIsDroppedAtTheHorizonAndLateDataWithinItCorrectsAClosedWindow() throws Exception {
    var h = harness(true);
    h.open();
    h.setProcessingTime(0);
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(2, 2, 0, 0, 0, 0)), at("2024-03-31T08:00:30"));
    // the watermark jumps an hour: the minute closes (and hands its change up, written early), then
    // the hour
    h.processWatermark(at("2024-03-31T09:00:00"));
    assertEquals(
        List.of("1m:2/4/0:final", "1h:2/4/0", "1d:2/4/0", "1mo:2/4/0", "1h:2/4/0:final"),
        written(h));
    // late, within the horizon: the closed minute and hour are corrected once the 10 s throttle
    // allows
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(1, 0, 0, 0, 0, 0)), at("2024-03-31T08:00:40"));
    h.setProcessingTime(1_000);
    assertEquals(List.of(), written(h));
    h.setProcessingTime(11_000);
    assertEquals(List.of("1m:3/5/0:final", "1h:3/5/0:final", "1d:3/5/0", "1mo:3/5/0"), written(h));
    assertEquals(4, countWindows(h));
    // 31 March closes with its month (both end at 1 April): final writes, and three days later no
    // state is left
    h.processWatermark(at("2024-04-01T00:00:00") + HORIZON.toMillis() - 1);
    assertEquals(List.of("1d:3/5/0:final", "1mo:3/5/0:final"), written(h));
    assertEquals(2, countWindows(h), "the day and the month, until the horizon");
    h.processWatermark(at("2024-04-01T00:00:00") + HORIZON.toMillis());
    assertEquals(List.of(), written(h), "unchanged since their final writes");
    assertEquals(0, countWindows(h));
    assertEquals(0, h.numEventTimeTimers());
    h.close();
  }

  @Test
  void boundedRunWritesFinalValuesOnlyAtCleanup() throws Exception {
    var h = harness(false);
    h.open();
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(1, 0, 0, 0, 0, 0)), at("2024-03-31T08:00:30"));
    h.processElement(
        unitMinute("2024-03-31T08:05:00", new Counts(0, 1, 0, 0, 0, 0)), at("2024-03-31T08:05:30"));
    h.processWatermark(at("2024-03-31T09:00:00"));
    assertEquals(List.of(), written(h));
    h.processWatermark(Long.MAX_VALUE);
    assertEquals(
        List.of(
            "1m:1/1/0:final",
            "1m:0/1/0:final",
            "1h:1/2/0:final",
            "1d:1/2/0:final",
            "1mo:1/2/0:final"),
        written(h));
    assertEquals(0, countWindows(h));
    h.close();
  }

  @Test
  void minutesShareTheirHoursCleanupTimerAndAreWrittenWhenItFires() throws Exception {
    var h = harness(false);
    h.open();
    h.processElement(
        unitMinute("2024-03-31T08:05:00", new Counts(1, 0, 0, 0, 0, 0)), at("2024-03-31T08:05:30"));
    h.processElement(
        unitMinute("2024-03-31T08:40:00", new Counts(0, 2, 0, 0, 0, 0)), at("2024-03-31T08:40:30"));
    h.processElement(
        unitMinute("2024-03-31T09:10:00", new Counts(4, 0, 0, 0, 0, 0)), at("2024-03-31T09:10:30"));
    // one cleanup timer per hour that has minutes, not one per minute
    assertEquals(2, h.numEventTimeTimers());
    // past the first minute's own cleanup time, before its hour's: nothing is written or dropped
    h.processWatermark(at("2024-03-31T08:41:00") + HORIZON.toMillis());
    assertEquals(List.of(), written(h));
    assertEquals(3, countWindows(h));
    // the 08:00 hour's timer: both its minutes, then the hour they opened, final values
    h.processWatermark(at("2024-03-31T09:00:00") + HORIZON.toMillis());
    assertEquals(List.of("1m:1/1/0:final", "1m:0/2/0:final", "1h:1/3/0:final"), written(h));
    // what remains: the 09:10 minute, and the day the 08:00 hour handed on to
    assertEquals(2, countWindows(h));
    h.processWatermark(Long.MAX_VALUE);
    assertEquals(
        List.of("1m:4/4/0:final", "1h:4/4/0:final", "1d:5/7/0:final", "1mo:5/7/0:final"),
        written(h));
    assertEquals(0, countWindows(h));
    h.close();
  }

  @Test
  void afterARestoreAWindowThatWentDownIsReplacedOnItsFirstWrite() throws Exception {
    var h = harness(true);
    h.open();
    h.setProcessingTime(0);
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(1, 0, 0, 0, 1, 0)), at("2024-03-31T08:00:30"));
    OperatorSubtaskState checkpoint = h.snapshot(1, 0);
    h.close();

    // the run before the restore may have written the rates after the checkpoint
    var restored = harness(true);
    restored.initializeState(checkpoint);
    restored.open();
    restored.setProcessingTime(0);
    restored.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(0, 1, 0, 0, -1, 0)),
        at("2024-03-31T08:00:30"));
    restored.setProcessingTime(1_000);
    List<WindowSnapshot> out = restored.extractOutputValues();
    assertEquals(4, out.size());
    for (WindowSnapshot s : out) {
      assertTrue(s.replace, "on-time rate no longer applies: " + s);
      assertEquals(new Counts(1, 1, 0, 0, 0, 0), s.counts);
    }
    restored.getOutput().clear();
    // a window without an on-time rate that never went down cannot have had one: no replace
    restored.processElement(
        unitMinute("2024-03-31T08:05:00", new Counts(1, 0, 0, 0, 0, 0)), at("2024-03-31T08:05:30"));
    restored.setProcessingTime(2_500);
    List<WindowSnapshot> minute = restored.extractOutputValues();
    assertEquals(1, minute.size());
    assertEquals("1m", minute.get(0).window);
    assertFalse(minute.get(0).replace);
    restored.getOutput().clear();
    // with every rate present, nothing can linger: no replace
    restored.setProcessingTime(20_000);
    restored.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(0, 0, 0, 0, 1, 0)), at("2024-03-31T08:00:30"));
    restored.setProcessingTime(21_000);
    for (WindowSnapshot s : restored.extractOutputValues()) assertFalse(s.replace, s.toString());
    restored.close();
  }

  private static int countWindows(
      KeyedOneInputStreamOperatorTestHarness<String, Contribution, WindowSnapshot> h)
      throws Exception {
    // the windows of the only key, via the operator's keyed state
    h.getOperator().setCurrentKey("u/U1|412");
    var state =
        h.getOperator()
            .getKeyedStateBackend()
            .getPartitionedState(
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                WindowRollup.windowsDescriptor());
    int n = 0;
    for (Object ignored : ((org.apache.flink.api.common.state.MapState<?, ?>) state).keys()) n++;
    return n;
  }

  static Contribution unitService(String unit, String service, String hour, long online) {
    Contribution c = unitMinute(hour, new Counts(online, 0, 0, 0, 0, 0));
    c.scope = Scope.UNIT_SERVICE;
    c.unit = unit;
    c.service = service;
    c.level = WindowLevel.HOUR.ordinal();
    return c;
  }

  @Test
  void aSeriesBeyondTheLimitIsRefusedAndItsPlaceReturnsWhenASeriesIsDropped() throws Exception {
    var h = harness(false, 2);
    h.open();
    h.processElement(unitService("U1", "S1", "2024-03-31T08:00:00", 1), at("2024-03-31T09:00:00"));
    h.processElement(unitService("U1", "S2", "2024-03-31T08:00:00", 1), at("2024-03-31T09:00:00"));
    h.processElement(unitService("U2", "S1", "2024-03-31T08:00:00", 1), at("2024-03-31T09:00:00"));
    h.processElement(unitService("U1", "S1", "2024-03-31T09:00:00", 5), at("2024-03-31T10:00:00"));
    var refused = h.getSideOutput(vn.ioc.deadletter.DeadLetters.TAG);
    assertEquals(1, refused.size());
    assertEquals("cardinality-limit", refused.peek().getValue().reason);
    assertEquals("U2", refused.peek().getValue().sourceKey);
    refused.clear();

    // all windows of both series dropped at the horizon: a new series fits again
    h.processWatermark(at("2024-04-01T00:00:00") + HORIZON.toMillis());
    List<String> writes = new java.util.ArrayList<>(written(h));
    java.util.Collections.sort(writes);
    assertEquals(
        List.of(
            "1d:1/1/0:final",
            "1d:6/6/0:final",
            "1h:1/1/0:final",
            "1h:1/1/0:final",
            "1h:5/5/0:final",
            "1mo:1/1/0:final",
            "1mo:6/6/0:final"),
        writes);
    h.processElement(unitService("U2", "S1", "2024-04-05T08:00:00", 1), at("2024-04-05T09:00:00"));
    assertEquals(0, refused.size(), "the dropped series gave its place back");
    h.close();
  }

  @Test
  void aSumPast2Pow63StopsTheJobNamingTheWindowAndWritesNothing() throws Exception {
    var h = harness(true);
    h.open();
    h.setProcessingTime(0);
    h.processWatermark(at("2024-03-31T08:00:00"));
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(Long.MAX_VALUE - 1, 0, 0, 0, 0, 0)),
        at("2024-03-31T08:00:30"));
    Throwable e =
        org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.flink.runtime.execution.SuppressRestartsException.class,
                () ->
                    h.processElement(
                        unitMinute("2024-03-31T08:00:00", new Counts(2, 0, 0, 0, 0, 0)),
                        at("2024-03-31T08:00:40")))
            .getCause();
    assertTrue(e instanceof CountGuardViolation, String.valueOf(e));
    assertEquals(
        "a count beyond 2^63 in the 1m window from 2024-03-31T01:00:00Z of scope unit, province 40,"
            + " district 412, unit U1 after adding Counts{online=2, direct=0, postal=0,"
            + " fullyOnline=0, onTime=0, late=0}: nothing of this window was written",
        e.getMessage());
    assertEquals(List.of(), written(h), "nothing written before the failure");
    h.close();
  }

  @Test
  void aWindowThatWouldHoldANegativeCountStopsTheJob() throws Exception {
    var h = harness(false);
    h.open();
    h.processElement(
        unitMinute("2024-03-31T08:00:00", new Counts(1, 0, 0, 0, 0, 0)), at("2024-03-31T08:00:30"));
    Throwable e =
        org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.flink.runtime.execution.SuppressRestartsException.class,
                () ->
                    h.processElement(
                        unitMinute("2024-03-31T08:00:00", new Counts(-2, 0, 0, 0, 0, 0)),
                        at("2024-03-31T08:00:40")))
            .getCause();
    assertTrue(e instanceof CountGuardViolation, String.valueOf(e));
    assertTrue(e.getMessage().startsWith("a negative count in the 1m window"), e.getMessage());
    h.close();
  }
}
