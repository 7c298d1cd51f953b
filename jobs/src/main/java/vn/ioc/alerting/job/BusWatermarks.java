package vn.ioc.alerting.job;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import vn.ioc.alerting.Observed;
import vn.ioc.feed.Decoded;

/**
 * The event time of one partition of the indicator bus: the slowest of the writers that mark it
 * ({@code sinks.WriterMarks}), so an update of a writer behind the others (a job catching up with a
 * backlog while another is live) waits for its turn instead of being judged late. A partition
 * without marks (updates produced by hand, or by a writer that does not mark) keeps the rule of any
 * feed: the newest time read.
 *
 * <p>In a live run, marks are trusted only once the partition's records read span {@code patience}
 * (every writer running then has marked it: writers mark every few seconds), and a writer whose
 * newest mark is {@code patience} older than the partition's newest record is set aside (stopped,
 * or gone): the partition goes on with the others, and what the writer still writes when it comes
 * back is late. Both are measured in the records' Kafka timestamps (the broker's append times), not
 * in the time they are read, so a reader working through a backlog, fast or slowly, decides as one
 * reading live. A bounded run trusts the marks it reads as they come.
 */
final class BusWatermarks implements WatermarkGenerator<Decoded<Observed>> {
  private final long patienceMs; // 0: a bounded run

  /** Per writer: its newest mark and that record's append time. */
  private final Map<String, long[]> writers = new HashMap<>();

  private long newestUpdate = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;
  private long firstAppended = Long.MIN_VALUE;
  private long lastAppended = Long.MIN_VALUE;

  BusWatermarks(long patienceMs) {
    this.patienceMs = patienceMs;
  }

  /**
   * The bus's event time, per partition; with {@code patience} (a live run) also its idle timeout:
   * a partition without any message for that long holds nobody back.
   */
  static WatermarkStrategy<Decoded<Observed>> strategy(Duration patience) {
    long ms = patience == null ? 0 : patience.toMillis();
    WatermarkStrategy<Decoded<Observed>> w =
        WatermarkStrategy.<Decoded<Observed>>forGenerator(ctx -> new BusWatermarks(ms))
            .withTimestampAssigner((d, ts) -> d.isValid() ? d.value.eventTime() : Long.MIN_VALUE);
    return patience == null ? w : w.withIdleness(patience);
  }

  @Override
  public void onEvent(Decoded<Observed> d, long eventTimestamp, WatermarkOutput output) {
    if (firstAppended == Long.MIN_VALUE) firstAppended = d.timestamp;
    lastAppended = Math.max(lastAppended, d.timestamp);
    if (!d.isValid()) return;
    Observed o = d.value;
    // a writer's marks may go back: it restarted from a checkpoint and writes that part again
    if (o.mark()) writers.put(o.writer, new long[] {o.asOf, d.timestamp});
    else newestUpdate = Math.max(newestUpdate, o.asOf);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long watermark;
    if (writers.isEmpty()) {
      if (newestUpdate == Long.MIN_VALUE) return;
      watermark = newestUpdate - 1; // nothing older than the newest update is still to come
    } else {
      if (patienceMs > 0 && lastAppended - firstAppended < patienceMs) return;
      watermark = Long.MAX_VALUE;
      for (long[] w : writers.values())
        if (patienceMs == 0 || lastAppended - w[1] <= patienceMs)
          watermark = Math.min(watermark, w[0]);
      if (watermark == Long.MAX_VALUE) return; // every writer gone: the idle timeout decides
    }
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
