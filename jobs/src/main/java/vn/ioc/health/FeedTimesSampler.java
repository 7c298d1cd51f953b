package vn.ioc.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Chained to one reader of a feed: takes the event time of every record the job processed and tells
 * {@link FeedFreshness} what it needs as {@link FeedTimes}, not a record per event: the newest
 * event time per minute read since it last told, before each watermark it passes on and before each
 * checkpoint barrier (with {@code minutes}: the time line of a simulated clock), and, in a live
 * run, a sample of its newest event time and watermark every {@code sample}. Holds no state: what
 * it has not told yet is told before the barrier, and a restore reads the records after it again.
 */
public final class FeedTimesSampler extends AbstractStreamOperator<FeedTimes>
    implements OneInputStreamOperator<Long, FeedTimes> {
  private static final long serialVersionUID = 1L;

  private final boolean minutes;
  private final long sampleMs;

  private transient Map<Long, Long> untold;
  private transient long newest;
  private transient long watermark;
  private transient boolean idle;

  /**
   * @param minutes tell the newest event time per minute (a simulated clock's time line)
   * @param sample live runs: how often to sample the newest event time and the watermark; null for
   *     none
   */
  public FeedTimesSampler(boolean minutes, Duration sample) {
    this.minutes = minutes;
    this.sampleMs = sample == null ? 0 : sample.toMillis();
  }

  @Override
  public void open() throws Exception {
    super.open();
    untold = new HashMap<>();
    newest = Long.MIN_VALUE;
    watermark = Long.MIN_VALUE;
    if (sampleMs > 0) scheduleSample();
  }

  // Flink's timer service fails the task when a timer's callback throws
  @SuppressWarnings("FutureReturnValueIgnored")
  private void scheduleSample() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService()
        .registerTimer(
            now + sampleMs,
            t -> {
              if (watermark > Long.MIN_VALUE) {
                FeedTimes s = new FeedTimes();
                s.subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
                s.at = t;
                s.watermark = watermark;
                s.newest = newest;
                s.idle = idle;
                output.collect(new StreamRecord<>(s));
              }
              scheduleSample();
            });
  }

  /** The end of the minute an event time falls in: {@code (end - 1 min, end]}. */
  public static long minuteEnd(long eventTime) {
    return Math.floorDiv(eventTime - 1, FeedFreshness.MINUTE_MS) * FeedFreshness.MINUTE_MS
        + FeedFreshness.MINUTE_MS;
  }

  @Override
  public void processElement(StreamRecord<Long> record) {
    long e = record.getValue();
    if (e > newest) newest = e;
    if (minutes) untold.merge(minuteEnd(e), e, Math::max);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    tell();
    watermark = mark.getTimestamp();
    super.processWatermark(mark);
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    idle = status.isIdle();
    super.processWatermarkStatus(status);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    tell();
  }

  private void tell() {
    if (untold.isEmpty()) return;
    FeedTimes t = new FeedTimes();
    t.subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    t.minutes = untold;
    output.collect(new StreamRecord<>(t));
    untold = new HashMap<>();
  }
}
