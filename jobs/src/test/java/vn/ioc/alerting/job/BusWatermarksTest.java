package vn.ioc.alerting.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.Observed;
import vn.ioc.feed.Decoded;

/** The indicator bus's event time per partition: the slowest writer's mark. */
class BusWatermarksTest {
  private long wall = 1_000_000;
  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput out =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark w) {
          emitted.add(w.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
      };

  private static Decoded<Observed> update(long asOf) {
    Observed o = new Observed();
    o.series = "s";
    o.asOf = asOf;
    return Decoded.valid(o, 0, 0);
  }

  private static Decoded<Observed> mark(String writer, long watermark) {
    Observed o = new Observed();
    o.writer = writer;
    o.asOf = watermark;
    return Decoded.valid(o, 0, 0);
  }

  private void read(BusWatermarks g, Decoded<Observed> d) {
    g.onEvent(d, d.value.asOf, out);
    g.onPeriodicEmit(out);
  }

  @Test
  void aWriterAheadDoesNotMakeTheSlowerWritersUpdatesLate() {
    BusWatermarks g = new BusWatermarks(0, () -> wall);
    // both jobs started together; the progress job is soon live, the submissions job catches up
    read(g, mark("submissions/0", 1_000));
    read(g, mark("progress-items/0", 5_000));
    read(g, update(9_000)); // the progress job's newest update
    read(g, update(1_500)); // the submissions job's: not late, it waits for its turn
    read(g, mark("submissions/0", 3_000));
    read(g, mark("submissions/0", 7_000));
    read(g, mark("progress-items/0", 9_000));
    assertEquals(List.of(1_000L, 3_000L, 5_000L, 7_000L), emitted);
  }

  @Test
  void aPartitionWithoutMarksTakesTheNewestUpdateRead() {
    BusWatermarks g = new BusWatermarks(0, () -> wall);
    read(g, update(2_000));
    read(g, update(1_000));
    read(g, update(4_000));
    assertEquals(List.of(1_999L, 3_999L), emitted);
  }

  @Test
  void liveTheMarksCountOnceEveryWriterHadTimeToMarkAndAGoneWriterIsSetAside() {
    BusWatermarks g = new BusWatermarks(30_000, () -> wall);
    read(g, mark("progress/0", 5_000));
    wall += 10_000;
    read(g, mark("submissions/0", 1_000));
    assertEquals(List.of(), emitted, "within the first 30 s read: waiting for every writer");
    wall += 20_000;
    read(g, mark("submissions/0", 2_000));
    assertEquals(List.of(2_000L), emitted, "the slowest writer");
    // the progress writer last heard of 30 s ago still counts; past that it is set aside
    wall += 1;
    read(g, mark("submissions/0", 6_000));
    assertEquals(List.of(2_000L, 6_000L), emitted);
  }
}
