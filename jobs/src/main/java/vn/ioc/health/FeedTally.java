package vn.ioc.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.config.ClockKind;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.Decoded;

/**
 * Counts what each unit's feed delivers, right after the source: every message by the local hour of
 * its arrival, its unit (the key, when the message cannot be read), codes the reference data does
 * not know, the latest period end and the delay between a period's end and its arrival. Passes the
 * messages on, with their arrival in engine time.
 *
 * <p>A message's arrival, in engine time ({@link #arrival}): with the wall clock, its Kafka
 * timestamp (the broker's clock when it appended the message); with a simulated clock ({@link
 * ClockKind#TICKS}), where the Kafka timestamp is the wall clock, years away from the feed's time,
 * the newest event time its Kafka partition has carried up to and including it: the feed's own
 * clock, read in the same order by every run, so a recompute counts every message in the same hour.
 * The message passes on with that arrival ({@link Decoded#timestamp}, and the {@code
 * sourceTimestamp} of its dead letter), so what is refused downstream is counted in the same hour.
 *
 * <p>The counts are summed here per parallel instance and handed on as {@link FeedHealthDelta}s
 * before every checkpoint barrier, at the end of input, on a processing-time tick in a live run and
 * when many units are pending, so the feed-health operator does per-hour work, not per-record work,
 * and no count is lost or doubled across a restart (nothing is held over a checkpoint but the
 * partitions' clocks).
 */
public final class FeedTally<T extends FeedRecord> extends AbstractStreamOperator<Decoded<T>>
    implements OneInputStreamOperator<Decoded<T>, Decoded<T>>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<FeedHealthDelta> HEALTH = new OutputTag<>("feed-health") {};

  /**
   * The newest event time of each Kafka partition, with a simulated clock (its name in savepoints:
   * never changes).
   */
  public static final String PARTITION_CLOCKS = "partition-clocks";

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
  private final ClockKind clock;

  /** With a simulated clock: the newest event time each partition has carried. */
  private transient Map<Integer, Long> partitionClocks;

  private transient ListState<Tuple2<Integer, Long>> checkpointedClocks;

  /** Pending counts by arrival hour, then unit. */
  private transient Map<Long, Map<String, FeedHealthDelta>> pending;

  private transient int pendingCount;

  /**
   * @param tick live runs: how often counts are handed on; null for a bounded run
   * @param clock how the engine's "now" is known: it decides what a message's arrival is
   */
  public FeedTally(LocalCalendar calendar, KnownCodes knownCodes, Duration tick, ClockKind clock) {
    this.calendar = calendar;
    this.knownCodes = knownCodes;
    this.tickMs = tick == null ? 0 : tick.toMillis();
    this.clock = clock;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    // union: after a rescale each instance finds the clocks of the partitions it now reads
    checkpointedClocks =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(PARTITION_CLOCKS, Types.TUPLE(Types.INT, Types.LONG)));
    partitionClocks = new HashMap<>();
    for (Tuple2<Integer, Long> c : checkpointedClocks.get())
      partitionClocks.merge(c.f0, c.f1, Math::max);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<Tuple2<Integer, Long>> clocks = new ArrayList<>(partitionClocks.size());
    partitionClocks.forEach((p, t) -> clocks.add(Tuple2.of(p, t)));
    checkpointedClocks.update(clocks);
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = new HashMap<>();
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
              scheduleTick();
            });
  }

  @Override
  public void processElement(StreamRecord<Decoded<T>> record) {
    Decoded<T> in = record.getValue();
    T value = in.value;
    String unit = value != null ? value.feedUnit() : unitOfKey(in.key);
    long arrival = arrival(in);
    in.timestamp = arrival;
    if (in.deadLetter != null) in.deadLetter.sourceTimestamp = arrival;
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
        long day = value.feedPeriodStart();
        if (!knownCodes.knownCommune(value.feedCommune(), day)) d.unknownCommune++;
        if (knownCodes.districtEnded(value.feedDistrict(), day)) d.endedDistrict++;
      }
    }
    if (arrival > d.latestArrival) d.latestArrival = arrival;
    output.collect(record);
    if (pendingCount >= MAX_PENDING) handOn();
  }

  /**
   * A message's arrival in engine time: its Kafka timestamp with the wall clock; with a simulated
   * clock, the newest event time of its partition up to and including it (a message that cannot be
   * read and comes before any readable one of its partition has only its Kafka timestamp).
   */
  long arrival(Decoded<T> in) {
    if (clock == ClockKind.WALL) return in.timestamp;
    Long partitionClock = partitionClocks.get(in.partition);
    if (in.value != null) {
      long t = in.value.eventTime();
      if (partitionClock == null || t > partitionClock) {
        partitionClocks.put(in.partition, t);
        return t;
      }
    }
    return partitionClock != null ? partitionClock : in.timestamp;
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
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
