package vn.ioc.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/** A writer of the indicator bus marks every partition with how far it has got. */
class WriterMarksTest {
  /** The marks written so far, as "writer watermark partition", and the updates as "update". */
  private static List<String> drain(
      OneInputStreamOperatorTestHarness<IndicatorUpdate, BusMessage> h) {
    List<String> out = new ArrayList<>();
    for (BusMessage m : h.extractOutputValues())
      out.add(m.update != null ? "update" : m.writer + " " + m.watermark + " " + m.partition);
    h.getOutput().clear();
    return out;
  }

  @Test
  void everyPartitionIsMarkedEverySecondTheWatermarkMovesAndEveryFiveWhileItStands()
      throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<IndicatorUpdate, BusMessage>(
            new WriterMarks("progress-items", () -> 3), 2, 2, 1)) {
      h.open();
      IndicatorUpdate u = new IndicatorUpdate(InfluxPoint.of("item_status", 0), 0, 0, false);
      h.processElement(new StreamRecord<>(u, 0));
      assertEquals(
          "item_status",
          h.extractOutputValues().get(0).update.point.measurement,
          "updates pass on as they are");
      drain(h);
      h.setProcessingTime(1_000);
      assertEquals(List.of(), drain(h), "no watermark yet: no mark");
      h.processWatermark(new Watermark(5_000));
      h.processWatermark(new Watermark(7_000));
      h.setProcessingTime(2_000);
      assertEquals(
          List.of("progress-items/1 7000 0", "progress-items/1 7000 1", "progress-items/1 7000 2"),
          drain(h),
          "once a second, the newest watermark, in each partition");
      for (long t = 3_000; t <= 6_000; t += 1_000) {
        h.setProcessingTime(t);
        assertEquals(List.of(), drain(h), "standing for less than 5 s at " + t);
      }
      h.setProcessingTime(7_000);
      assertEquals(3, drain(h).size(), "standing for 5 s: marked again");
      h.processWatermark(new Watermark(Long.MAX_VALUE));
      h.setProcessingTime(8_000);
      assertEquals(List.of(), drain(h), "the end of a bounded run is not marked");
    }
  }
}
