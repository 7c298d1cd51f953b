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
  /** The broker's append time of the next record read. */
  private long appended = 1_000_000;

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

  private Decoded<Observed> update(long asOf) {
    Observed o = new Observed();
    o.series = "s";
    o.asOf = asOf;
    return Decoded.valid(o, 0, 0).from(appended, "s");
  }

  private Decoded<Observed> mark(String writer, long watermark) {
    Observed o = new Observed();
    o.writer = writer;
    o.asOf = watermark;
    return Decoded.valid(o, 0, 0).from(appended, writer);
  }

  private void read(BusWatermarks g, Decoded<Observed> d) {
    g.onEvent(d, d.value.asOf, out);
    g.onPeriodicEmit(out);
  }

  @Test
  void aWriterAheadDoesNotMakeTheSlowerWritersUpdatesLate() {
    BusWatermarks g = new BusWatermarks(0);
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
    BusWatermarks g = new BusWatermarks(0);
    read(g, update(2_000));
    read(g, update(1_000));
    read(g, update(4_000));
    assertEquals(List.of(1_999L, 3_999L), emitted);
  }

  /**
   * Live, in the records' append times: the marks count once the partition's records span 30 s, and
   * a writer whose newest mark is more than 30 s older than the newest record is set aside.
   */
  @Test
  void liveTheMarksCountOnceEveryWriterHadTimeToMarkAndAGoneWriterIsSetAside() {
    BusWatermarks g = new BusWatermarks(30_000);
    read(g, mark("progress/0", 5_000));
    appended += 10_000;
    read(g, mark("submissions/0", 1_000));
    assertEquals(List.of(), emitted, "records spanning 10 s: waiting for every writer");
    appended += 20_000;
    read(g, mark("submissions/0", 2_000));
    assertEquals(List.of(2_000L), emitted, "the slowest writer");
    // the progress writer's newest mark is 30 s older than the newest record: it still counts
    // (the submissions job has not passed it); 1 ms later it is set aside
    read(g, mark("submissions/0", 5_500));
    assertEquals(List.of(2_000L, 5_000L), emitted);
    appended += 1;
    read(g, mark("submissions/0", 6_000));
    assertEquals(List.of(2_000L, 5_000L, 6_000L), emitted);
  }

  /**
   * A reader working through a backlog slowly decides as one reading live: wall time plays no part.
   */
  @Test
  void howFastTheBacklogIsReadDoesNotMatter() throws Exception {
    BusWatermarks g = new BusWatermarks(30_000);
    for (int s = 0; s <= 60; s += 5) {
      read(g, mark("progress/0", 1_000_000 + s * 1_000L));
      read(g, mark("submissions/0", 1_000 + s * 1_000L));
      appended += 5_000;
      Thread.sleep(1); // the reader is slow; the records' times are what count
    }
    assertEquals(
        List.of(26_000L, 31_000L, 36_000L, 41_000L, 46_000L, 51_000L, 56_000L, 61_000L),
        emitted,
        "held by the submissions job all along, from when the records span 30 s");
  }
}
