package vn.ioc.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EngineClockTest {

  /**
   * When every input is idle, the clock's last watermark stays in force downstream: its output
   * never says it is idle, so a two-input step whose other input is idle follows it.
   */
  @Test
  void theClocksOutputIsNeverIdle() throws Exception {
    try (var h = new OneInputStreamOperatorTestHarness<>(new EngineClock(ClockStop.NO_UNTIL))) {
      h.open();
      h.processElement(1_000L, 1_000L);
      h.processWatermark(new Watermark(1_999L));
      h.processWatermarkStatus(WatermarkStatus.IDLE);
      h.processWatermarkStatus(WatermarkStatus.ACTIVE);
      h.processWatermark(new Watermark(2_999L));
      h.processWatermarkStatus(WatermarkStatus.IDLE);
      assertEquals(
          List.of(new Watermark(1_999L), WatermarkStatus.ACTIVE, new Watermark(2_999L)),
          List.copyOf(h.getOutput()));
    }
  }

  /**
   * At the end of a bounded run the stop (the newest event time) goes before the last watermark.
   */
  @Test
  void theEndOfInputSendsTheStopFirst() throws Exception {
    try (var h = new OneInputStreamOperatorTestHarness<>(new EngineClock(ClockStop.NO_UNTIL))) {
      h.open();
      h.processElement(1_000L, 1_000L);
      h.processElement(3_000L, 3_000L);
      h.processElement(2_000L, 2_000L);
      h.processWatermark(new Watermark(Long.MAX_VALUE));
      assertEquals(
          List.of(
              new org.apache.flink.streaming.runtime.streamrecord.StreamRecord<>(3_000L),
              new Watermark(Long.MAX_VALUE)),
          List.copyOf(h.getOutput()));
    }
  }
}
