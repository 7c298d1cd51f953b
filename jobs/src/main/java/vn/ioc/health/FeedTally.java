package vn.ioc.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.Decoded;

/**
 * Counts what each unit's feed delivers, right after the source: every message by the local hour of
 * its arrival (its Kafka timestamp), its unit (the key, when the message cannot be read), codes the
 * reference data does not know, the latest period end and the delay between a period's end and its
 * arrival. Passes the messages on unchanged.
 *
 * <p>The counts are summed here per parallel instance and handed on as {@link FeedHealthDelta}s
 * before every checkpoint barrier, at the end of input, on a processing-time tick in a live run and
 * when many units are pending, so the feed-health operator does per-hour work, not per-record work,
 * and no count is lost or doubled across a restart (nothing is held over a checkpoint).
 *
 * <p>In a live run it also samples the processing lag (wall clock minus the watermark) on each
 * tick.
 */
public final class FeedTally<T extends FeedRecord> extends AbstractStreamOperator<Decoded<T>>
    implements OneInputStreamOperator<Decoded<T>, Decoded<T>>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<FeedHealthDelta> HEALTH = new OutputTag<>("feed-health") {};
  public static final OutputTag<LagSample> LAG = new OutputTag<>("processing-lag") {};

  private static final int MAX_PENDING = 4096;

  /**
   * The unit of a message that could not be read and whose key is not a code (or absent). No code
   * can be this, so it never shares a series with a unit.
   */
  public static final String UNKNOWN_UNIT = "(unknown)";

  /**
   * The unit a message that could not be read is counted for: its Kafka key when that is a code
   * ({@link ContractText#isCode}), else {@link #UNKNOWN_UNIT}. A key is what the sender wrote: as a
   * tag, two keys that differ only in a control character would share a series.
   */
  public static String unitOfKey(String key) {
    return key != null && ContractText.isCode(key) ? key : UNKNOWN_UNIT;
  }

  private final LocalCalendar calendar;
  private final KnownCodes knownCodes;
  private final long tickMs;

  /** Pending counts by arrival hour, then unit. */
  private transient Map<Long, Map<String, FeedHealthDelta>> pending;

  private transient int pendingCount;
  private transient long watermark;

  /**
   * @param tick live runs: how often counts and a lag sample are handed on; null for a bounded run
   */
  public FeedTally(LocalCalendar calendar, KnownCodes knownCodes, Duration tick) {
    this.calendar = calendar;
    this.knownCodes = knownCodes;
    this.tickMs = tick == null ? 0 : tick.toMillis();
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = new HashMap<>();
    watermark = Long.MIN_VALUE;
    if (tickMs > 0) scheduleTick();
  }

  // Flink's timer service fails the task when a timer's callback throws
  @SuppressWarnings("FutureReturnValueIgnored")
  private void scheduleTick() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService()
        .registerTimer(
            now + tickMs,
            t -> {
              handOn();
              if (watermark > Long.MIN_VALUE) {
                output.collect(
                    LAG,
                    new StreamRecord<>(
                        new LagSample(
                            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                            t,
                            watermark)));
              }
              scheduleTick();
            });
  }

  @Override
  public void processElement(StreamRecord<Decoded<T>> record) {
    Decoded<T> in = record.getValue();
    T value = in.value;
    String unit = value != null ? value.feedUnit() : unitOfKey(in.key);
    long arrival = in.timestamp;
    long hour = calendar.start(WindowLevel.HOUR, arrival);
    Map<String, FeedHealthDelta> units = pending.computeIfAbsent(hour, h -> new HashMap<>());
    FeedHealthDelta d = units.get(unit);
    if (d == null) {
      d = new FeedHealthDelta(unit, hour);
      units.put(unit, d);
      pendingCount++;
    }
    d.records++;
    if (value != null) {
      long periodEnd = value.eventTime();
      if (periodEnd > d.latestPeriodEnd) d.latestPeriodEnd = periodEnd;
      if (arrival - periodEnd > d.maxReportDelay) d.maxReportDelay = arrival - periodEnd;
      if (knownCodes != null) {
        if (!knownCodes.knownUnit(unit, periodEnd)) d.unknownUnit++;
        if (!knownCodes.knownService(value.feedService(), periodEnd)) d.unknownService++;
      }
    }
    if (arrival > d.latestArrival) d.latestArrival = arrival;
    output.collect(record);
    if (pendingCount >= MAX_PENDING) handOn();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = mark.getTimestamp();
    // The end of a bounded input: Flink passes this watermark on before it calls endInput, and
    // feed health writes its hours when the watermark arrives; counts handed on after it would
    // never be written.
    if (mark.getTimestamp() == Long.MAX_VALUE) handOn();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    handOn();
  }

  @Override
  public void endInput() {
    handOn();
  }

  private void handOn() {
    if (pendingCount == 0) return;
    StreamRecord<FeedHealthDelta> out = new StreamRecord<>(null);
    for (Map<String, FeedHealthDelta> units : pending.values()) {
      for (FeedHealthDelta d : units.values()) output.collect(HEALTH, out.replace(d));
    }
    pending = new HashMap<>();
    pendingCount = 0;
  }
}
