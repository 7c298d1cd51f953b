package vn.ioc.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.clock.ClockStop;
import vn.ioc.config.ClockKind;
import vn.ioc.indicators.IndicatorUpdate;

/**
 * A feed's freshness, driven by hand: the data age on a simulated clock's time line (a feed that
 * stops while the clock goes on; the same figures when the whole input is read before the clock
 * moves, as a recompute does, and across a restart), and the live samples on either clock.
 */
class FeedFreshnessTest {
  static long at(String local) {
    return OffsetDateTime.parse(local + "+07:00").toInstant().toEpochMilli();
  }

  /** 2024-10-15 at a local time. */
  static long day(String time) {
    return at("2024-10-15T" + time);
  }

  static OneInputStreamOperatorTestHarness<FeedTimes, IndicatorUpdate> harness(
      ClockKind clock, long until) throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new FeedFreshness("40", "submissions", clock, until));
  }

  /** What one reader tells before a watermark: the newest event time of each minute it read. */
  static FeedTimes read(int subtask, long... eventTimes) {
    FeedTimes t = new FeedTimes();
    t.subtask = subtask;
    for (long e : eventTimes) t.minutes.merge(FeedTimesSampler.minuteEnd(e), e, Math::max);
    return t;
  }

  /**
   * The input of a feed that stops at 10:02:40 while the clock ticks on to 10:06: each element,
   * then the watermark it lets through (null: none).
   */
  static List<Object[]> feedThatStops() {
    List<Object[]> in = new ArrayList<>();
    in.add(new Object[] {FeedTimes.tick(day("10:00:00")), null});
    in.add(new Object[] {read(0, day("10:00:00")), day("10:00:00")});
    in.add(new Object[] {read(0, day("10:01:30")), null});
    in.add(new Object[] {FeedTimes.tick(day("10:01:00")), day("10:01:00")});
    in.add(new Object[] {read(1, day("10:02:40")), null});
    in.add(new Object[] {FeedTimes.tick(day("10:02:00")), day("10:02:00")});
    for (String m : List.of("10:03", "10:04", "10:05", "10:06"))
      in.add(new Object[] {FeedTimes.tick(day(m + ":00")), day(m + ":00")});
    return in;
  }

  static final List<String> AGES =
      List.of(
          "2024-10-15T10:00 0.0",
          "2024-10-15T10:01 60.0",
          "2024-10-15T10:02 30.0",
          "2024-10-15T10:03 20.0",
          "2024-10-15T10:04 80.0",
          "2024-10-15T10:05 140.0",
          "2024-10-15T10:06 200.0");

  /** "local minute age": every point, which must all be final data-age points of the feed. */
  static List<String> ages(List<IndicatorUpdate> out) {
    List<String> ages = new ArrayList<>();
    for (IndicatorUpdate u : out) {
      assertEquals(
          Map.of("scope", "province", "province", "40", "window", "1m", "feed", "submissions"),
          u.point.tags);
      assertEquals(List.of("data_age_s"), List.copyOf(u.point.doubleFields.keySet()));
      assertEquals(u.point.timeMillis, u.asOf, "as of the minute itself: engine time");
      assertEquals(u.point.timeMillis + 60_000, u.windowEnd);
      assertEquals(true, u.isFinal);
      ages.add(
          vn.ioc.calendar.Rfc3339.format(u.point.timeMillis, java.time.ZoneId.of("+07:00"))
                  .substring(0, 16)
              + " "
              + u.point.doubleFields.get("data_age_s"));
    }
    return ages;
  }

  @Test
  void theDataAgeOfAFeedThatStopsGrowsWithTheClock() throws Exception {
    try (var h = harness(ClockKind.TICKS, ClockStop.NO_UNTIL)) {
      h.open();
      for (Object[] step : feedThatStops()) {
        h.processElement(new StreamRecord<>((FeedTimes) step[0]));
        if (step[1] != null) h.processWatermark((Long) step[1]);
      }
      assertEquals(AGES, ages(h.extractOutputValues()));
    }
  }

  /**
   * A bounded recompute reads the whole input before the watermark moves, and its end of input is
   * the watermark Long.MAX_VALUE: the same minutes with the same figures, up to the newest tick.
   */
  @Test
  void aRecomputeReadingEverythingFirstWritesTheSameFigures() throws Exception {
    try (var h = harness(ClockKind.TICKS, ClockStop.NO_UNTIL)) {
      h.open();
      for (Object[] step : feedThatStops())
        h.processElement(new StreamRecord<>((FeedTimes) step[0]));
      h.processWatermark(new Watermark(Long.MAX_VALUE));
      assertEquals(AGES, ages(h.extractOutputValues()));
    }
    try (var h = harness(ClockKind.TICKS, day("10:04:00"))) {
      h.open();
      for (Object[] step : feedThatStops())
        h.processElement(new StreamRecord<>((FeedTimes) step[0]));
      h.processWatermark(new Watermark(Long.MAX_VALUE));
      assertEquals(AGES.subList(0, 5), ages(h.extractOutputValues()), "nothing beyond --until");
    }
  }

  /**
   * Before the clock's first tick there is no "now" (the demo sends the programme's past first,
   * then ticks from its start): the time line starts at the first tick, not at the feed's first
   * report, and ends at the newest tick, whatever the feed holds beyond it.
   */
  @Test
  void theTimeLineRunsFromTheClocksFirstTickToItsNewest() throws Exception {
    try (var h = harness(ClockKind.TICKS, ClockStop.NO_UNTIL)) {
      h.open();
      h.processElement(new StreamRecord<>(read(0, day("08:00:00"), day("09:59:30"))));
      h.processWatermark(day("09:59:30"));
      assertEquals(List.of(), h.extractOutputValues(), "no tick yet");
      h.processElement(new StreamRecord<>(FeedTimes.tick(day("10:00:00"))));
      h.processElement(new StreamRecord<>(read(0, day("10:00:40"), day("10:03:00"))));
      h.processElement(new StreamRecord<>(FeedTimes.tick(day("10:01:00"))));
      h.processWatermark(new Watermark(Long.MAX_VALUE));
      assertEquals(
          List.of("2024-10-15T10:00 30.0", "2024-10-15T10:01 20.0"), ages(h.extractOutputValues()));
    }
  }

  @Test
  void aRestartCarriesOnWithTheSameFigures() throws Exception {
    List<Object[]> input = feedThatStops();
    List<IndicatorUpdate> out = new ArrayList<>();
    OperatorSubtaskState saved;
    try (var h = harness(ClockKind.TICKS, ClockStop.NO_UNTIL)) {
      h.open();
      for (Object[] step : input.subList(0, 4)) {
        h.processElement(new StreamRecord<>((FeedTimes) step[0]));
        if (step[1] != null) h.processWatermark((Long) step[1]);
      }
      // read before the barrier, not on the time line yet
      h.processElement(new StreamRecord<>((FeedTimes) input.get(4)[0]));
      saved = h.snapshot(1, 1);
      out.addAll(h.extractOutputValues());
    }
    try (var h = harness(ClockKind.TICKS, ClockStop.NO_UNTIL)) {
      h.initializeState(saved);
      h.open();
      for (Object[] step : input.subList(5, input.size())) {
        h.processElement(new StreamRecord<>((FeedTimes) step[0]));
        if (step[1] != null) h.processWatermark((Long) step[1]);
      }
      out.addAll(h.extractOutputValues());
    }
    assertEquals(AGES, ages(out));
  }

  static FeedTimes sample(int subtask, long at, long newest, long watermark, boolean idle) {
    FeedTimes s = new FeedTimes();
    s.subtask = subtask;
    s.at = at;
    s.newest = newest;
    s.watermark = watermark;
    s.idle = idle;
    return s;
  }

  /**
   * On the wall clock a live run samples: the lag of the slowest reader that is not idle behind the
   * newest event time delivered, and the data age at the wall-clock moment, in that minute.
   */
  @Test
  void onTheWallClockALiveSampleSaysTheLagAndTheDataAgeAtTheWallClockMinute() throws Exception {
    try (var h = harness(ClockKind.WALL, ClockStop.NO_UNTIL)) {
      h.open();
      long wall = at("2026-12-07T10:00:05");
      h.processElement(
          new StreamRecord<>(sample(2, wall, Long.MIN_VALUE, at("2026-12-07T09:00:00"), true)));
      h.processElement(
          new StreamRecord<>(
              sample(0, wall, at("2026-12-07T09:59:00"), at("2026-12-07T09:57:59"), false)));
      h.processElement(
          new StreamRecord<>(
              sample(1, wall, at("2026-12-07T09:58:00"), at("2026-12-07T09:56:59"), false)));
      // no time line on the wall clock
      h.processWatermark(at("2026-12-07T09:56:59"));
      List<IndicatorUpdate> out = h.extractOutputValues();
      assertEquals(2, out.size(), "the idle reader alone says no lag; then one point per sample");
      IndicatorUpdate last = out.get(1);
      assertEquals(at("2026-12-07T10:00:00"), last.point.timeMillis);
      assertEquals(Map.of("processing_lag_s", 121.0, "data_age_s", 65.0), last.point.doubleFields);
      assertEquals(Map.of("watermark_ms", at("2026-12-07T09:56:59")), last.point.longFields);
      assertEquals(at("2026-12-07T09:56:59"), last.asOf);
      assertEquals("submissions", last.point.tags.get("feed"), "two jobs' points are two series");
    }
  }

  /**
   * On a simulated clock a live sample says the lag in the minute of the newest tick read (none
   * before the first); the data age is the time line's.
   */
  @Test
  void onASimulatedClockTheLagIsStampedWithTheNewestTick() throws Exception {
    try (var h = harness(ClockKind.TICKS, ClockStop.NO_UNTIL)) {
      h.open();
      long wall = at("2026-12-07T10:00:05");
      h.processElement(
          new StreamRecord<>(sample(0, wall, day("10:05:10"), day("10:04:09"), false)));
      assertEquals(List.of(), h.extractOutputValues(), "no tick yet: no engine time");
      h.processElement(new StreamRecord<>(FeedTimes.tick(day("10:05:00"))));
      h.processElement(
          new StreamRecord<>(sample(0, wall + 2_000, day("10:05:40"), day("10:04:39"), false)));
      List<IndicatorUpdate> out = h.extractOutputValues();
      assertEquals(1, out.size());
      assertEquals(day("10:05:00"), out.get(0).point.timeMillis);
      assertEquals(Map.of("processing_lag_s", 61.0), out.get(0).point.doubleFields);
    }
  }

  /**
   * Readers that run ahead of a simulated clock (a past played fast) do not stamp the sample of the
   * newest tick's minute with their later time: its asOf is the end of its minute at most.
   */
  @Test
  void aSampleIsNeverAsOfALaterTimeThanItsMinute() throws Exception {
    try (var h = harness(ClockKind.TICKS, ClockStop.NO_UNTIL)) {
      h.open();
      h.processElement(new StreamRecord<>(FeedTimes.tick(day("10:05:00"))));
      h.processElement(
          new StreamRecord<>(
              sample(
                  0,
                  at("2026-12-07T10:00:05"),
                  at("2026-12-09T08:00:00"),
                  at("2026-12-09T07:59:00"),
                  false)));
      List<IndicatorUpdate> out = h.extractOutputValues();
      assertEquals(1, out.size());
      assertEquals(day("10:05:00"), out.get(0).point.timeMillis);
      assertEquals(day("10:06:00"), out.get(0).asOf);
    }
  }
}
