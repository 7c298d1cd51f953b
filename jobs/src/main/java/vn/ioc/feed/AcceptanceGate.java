package vn.ioc.feed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;

/**
 * The first step after a source: passes contract-valid records on, sends refused ones to the
 * dead letters, and refuses records whose event time is beyond the acceptance horizon ({@code
 * late}).
 *
 * <p>A record is accepted while {@code eventTime + horizon > watermark}, where the watermark is the
 * highest of: its own partition's watermark (max event time seen on that partition minus the
 * out-of-orderness: deterministic, so a bounded recompute decides alike at any speed), the
 * operator's current watermark (which idle partitions may have let run ahead of a partition that
 * wakes up), and the highest operator watermark seen before a restore. Downstream state of a
 * window is dropped only when the watermark passes its end plus the same horizon, so an accepted
 * record can never reach a window whose state is gone — not even right after a restore, when
 * Flink's watermarks start again from nothing. Both maxima are checkpointed.
 */
public final class AcceptanceGate<T extends EventTimed> extends ProcessFunction<Decoded<T>, T>
    implements CheckpointedFunction {
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

  /** Re-encodes an accepted-then-refused record for its dead letter. */
  @FunctionalInterface
  public interface Encoder<T> extends java.io.Serializable {
    byte[] encode(T value);
  }

  public AcceptanceGate(String job, String topic, Duration horizon, Duration outOfOrderness, Encoder<T> encoder) {
    this.job = job;
    this.topic = topic;
    this.horizonMs = horizon.toMillis();
    this.outOfOrdernessMs = outOfOrderness.toMillis();
    this.encoder = encoder;
  }

  @Override
  public void open(OpenContext ctx) {
    counters = new DeadLetters.Counters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Decoded<T> in, Context ctx, Collector<T> out) {
    long operatorWatermark = ctx.timerService().currentWatermark();
    if (operatorWatermark > watermarkFloor) watermarkFloor = operatorWatermark;
    if (!in.isValid()) {
      counters.count(in.deadLetter.reason);
      ctx.output(DeadLetters.TAG, in.deadLetter);
      return;
    }
    long eventTime = in.value.eventTime();
    Long partitionMax = maxEventTime.get(in.partition);
    long watermark = watermarkFloor;
    if (partitionMax != null) watermark = Math.max(watermark, partitionMax - outOfOrdernessMs - 1);
    if (eventTime + horizonMs <= watermark) {
      counters.count("late");
      ctx.output(DeadLetters.TAG, late(in, eventTime, watermark));
      return;
    }
    if (partitionMax == null || eventTime > partitionMax) maxEventTime.put(in.partition, eventTime);
    in.value.sourcedFrom(in.partition, in.offset);
    out.collect(in.value);
  }

  private DeadLetter late(Decoded<T> in, long eventTime, long watermark) {
    DeadLetter d = new DeadLetter("late", "event time " + java.time.Instant.ofEpochMilli(eventTime)
        + " is beyond the acceptance horizon (" + Duration.ofMillis(horizonMs) + ") behind the watermark "
        + java.time.Instant.ofEpochMilli(watermark));
    d.job = job;
    d.sourceTopic = topic;
    d.sourcePartition = in.partition;
    d.sourceOffset = in.offset;
    d.refusedAt = System.currentTimeMillis();
    DecodingDeserializer.attachPayload(d, encoder.encode(in.value));
    return d;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointed.clear();
    for (Map.Entry<Integer, Long> e : maxEventTime.entrySet()) checkpointed.add(new Progress(e.getKey(), e.getValue()));
    checkpointed.add(new Progress(OPERATOR_WATERMARK, watermarkFloor));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed = context.getOperatorStateStore()
        .getUnionListState(new ListStateDescriptor<>("acceptance-progress", Progress.class));
    maxEventTime = new HashMap<>();
    watermarkFloor = Long.MIN_VALUE;
    if (!context.isRestored()) return;
    // Union state: every subtask sees every entry. A partition's maximum is the highest any subtask
    // saw; the operator floor is the lowest watermark among subtasks that had one (a subtask without
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
