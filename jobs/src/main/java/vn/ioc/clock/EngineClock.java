package vn.ioc.clock;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Where the engine's clock stops at the end of a bounded run. Reads the event time of every record
 * of every input (reports and ticks; parallelism 1) and, when the end-of-input watermark arrives,
 * emits the stop <em>before</em> passing that watermark on: the latest event time seen, or the
 * run's {@code --until} when one is given. Event-time operators downstream receive the stop on a
 * broadcast input and fire no timer beyond it, although Flink's end-of-input watermark is
 * Long.MAX_VALUE ({@link ClockStop}). A live run never ends its input, so it never emits.
 */
public final class EngineClock extends AbstractStreamOperator<Long>
    implements OneInputStreamOperator<Long, Long> {
  /** The state of each subtask's latest event time (its name in savepoints: never changes). */
  public static final String LATEST_EVENT_TIME = "latest-event-time";

  private static final long serialVersionUID = 1L;

  private final long until;
  private transient long latest;
  private transient ListState<Long> checkpointed;

  /**
   * @param until where the clock stops, or {@link ClockStop#NO_UNTIL} for the latest event time
   */
  public EngineClock(long until) {
    this.until = until;
  }

  @Override
  public void processElement(StreamRecord<Long> record) {
    if (record.getValue() > latest) latest = record.getValue();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (mark.getTimestamp() == Long.MAX_VALUE) {
      long stop = until != ClockStop.NO_UNTIL ? until : latest;
      if (stop != Long.MIN_VALUE) output.collect(new StreamRecord<>(stop));
    }
    super.processWatermark(mark);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>(LATEST_EVENT_TIME, Types.LONG));
    latest = Long.MIN_VALUE;
    for (Long l : checkpointed.get()) latest = Math.max(latest, l);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    checkpointed.update(java.util.List.of(latest));
  }
}
