package vn.ioc.feed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;

/**
 * The first step after a source: passes contract-valid records on, sends refused ones to the dead
 * letters, and refuses records whose event time is beyond the acceptance horizon ({@code late}; a
 * null horizon refuses none for lateness).
 *
 * <p>A record is accepted while {@code eventTime + horizon > watermark}, where the watermark is the
 * highest of: its own partition's watermark (max event time seen on that partition minus the
 * out-of-orderness: deterministic, so a bounded recompute decides alike at any speed), the
 * watermark this operator has passed on (which idle partitions may have let run ahead of a
 * partition that wakes up), and the highest operator watermark seen before a restore. Downstream
 * state of a window is dropped only when the watermark passes its end plus the same horizon, so an
 * accepted record can never reach a window whose state is gone — not even right after a restore,
 * when Flink's watermarks start again from nothing. Both maxima are checkpointed.
 *
 * <p>An operator rather than a function because it must see watermarks that arrive without records.
 */
public final class AcceptanceGate<T extends EventTimed> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<Decoded<T>, T> {
  /** The state of each subtask's acceptance progress (its name in savepoints: never changes). */
  public static final String ACCEPTANCE_PROGRESS = "acceptance-progress";

  private static final long serialVersionUID = 1L;

  /** Checkpointed progress of one partition (or, with partition -1, the operator's watermark). */
  public static class Progress {
    public int partition;
    public long value;

    public Progress() {}

    Progress(int partition, long value) {
      this.partition = partition;
      this.value = value;
    }
  }

  private static final int OPERATOR_WATERMARK = -1;

  private final String job;
  private final String topic;
  private final long horizonMs;
  private final long outOfOrdernessMs;
  private final Encoder<T> encoder;

  private transient Map<Integer, Long> maxEventTime;
  private transient long watermarkFloor;
  private transient ListState<Progress> checkpointed;
  private transient DeadLetters.Counters counters;
  private transient StreamRecord<DeadLetter> deadLetterRecord;

  /** Re-encodes an accepted-then-refused record for its dead letter. */
  @FunctionalInterface
  public interface Encoder<T> extends java.io.Serializable {
    byte[] encode(T value);
  }

  public AcceptanceGate(
      String job, String topic, Duration horizon, Duration outOfOrderness, Encoder<T> encoder) {
    this.job = job;
    this.topic = topic;
    this.horizonMs = horizon == null ? Long.MAX_VALUE : horizon.toMillis();
    this.outOfOrdernessMs = outOfOrderness.toMillis();
    this.encoder = encoder;
  }

  /**
   * The valid records of a feed that refuses nothing for lateness (a clock, acknowledgements,
   * silences, the indicator bus), the refused ones to the dead letters ({@link DeadLetters#TAG});
   * chained to {@code in}, with the same parallelism.
   */
  public static <T extends EventTimed>
      org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<T> acceptAll(
          org.apache.flink.streaming.api.datastream.DataStream<Decoded<T>> in,
          Class<T> type,
          String job,
          String topic,
          String name,
          String uid) {
    return in.transform(
            name,
            org.apache.flink.api.common.typeinfo.TypeInformation.of(type),
            // with no horizon nothing is late, so nothing is re-encoded
            new AcceptanceGate<T>(job, topic, null, Duration.ZERO, value -> null))
        .setParallelism(in.getParallelism())
        .uid(uid);
  }

  @Override
  public void open() throws Exception {
    super.open();
    counters = new DeadLetters.Counters(getMetricGroup());
    deadLetterRecord = new StreamRecord<>(null);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (mark.getTimestamp() > watermarkFloor) watermarkFloor = mark.getTimestamp();
    super.processWatermark(mark);
  }

  @Override
  public void processElement(StreamRecord<Decoded<T>> record) {
    Decoded<T> in = record.getValue();
    if (!in.isValid()) {
      refuse(in.deadLetter);
      return;
    }
    long eventTime = in.value.eventTime();
    Long partitionMax = maxEventTime.get(in.partition);
    long watermark = watermarkFloor;
    if (partitionMax != null) watermark = Math.max(watermark, partitionMax - outOfOrdernessMs - 1);
    if (horizonMs != Long.MAX_VALUE && eventTime + horizonMs <= watermark) {
      refuse(late(in, eventTime, watermark));
      return;
    }
    if (partitionMax == null || eventTime > partitionMax) maxEventTime.put(in.partition, eventTime);
    in.value.sourcedFrom(in.partition, in.offset, in.timestamp);
    output.collect(record.replace(in.value));
  }

  private void refuse(DeadLetter d) {
    counters.count(d.reason);
    output.collect(DeadLetters.TAG, deadLetterRecord.replace(d));
  }

  private DeadLetter late(Decoded<T> in, long eventTime, long watermark) {
    String detail =
        "event time "
            + java.time.Instant.ofEpochMilli(eventTime)
            + " is beyond the acceptance horizon ("
            + Duration.ofMillis(horizonMs)
            + ") behind the watermark "
            + java.time.Instant.ofEpochMilli(watermark);
    return DeadLetters.of(
        job,
        "late",
        detail,
        topic,
        in.partition,
        in.offset,
        in.timestamp,
        in.key,
        encoder.encode(in.value));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    checkpointed.clear();
    for (Map.Entry<Integer, Long> e : maxEventTime.entrySet())
      checkpointed.add(new Progress(e.getKey(), e.getValue()));
    checkpointed.add(new Progress(OPERATOR_WATERMARK, watermarkFloor));
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>(ACCEPTANCE_PROGRESS, Progress.class));
    maxEventTime = new HashMap<>();
    watermarkFloor = Long.MIN_VALUE;
    if (!context.isRestored()) return;
    // Union state: every subtask sees every entry. A partition's maximum is the highest any subtask
    // saw; the operator floor is the lowest watermark among subtasks that had one (a subtask
    // without
    // splits never had a watermark and does not hold the others back downstream either).
    long floor = Long.MAX_VALUE;
    boolean anyFloor = false;
    for (Progress p : checkpointed.get()) {
      if (p.partition == OPERATOR_WATERMARK) {
        if (p.value == Long.MIN_VALUE) continue;
        floor = Math.min(floor, p.value);
        anyFloor = true;
      } else {
        maxEventTime.merge(p.partition, p.value, Math::max);
      }
    }
    if (anyFloor) watermarkFloor = floor;
  }
}
