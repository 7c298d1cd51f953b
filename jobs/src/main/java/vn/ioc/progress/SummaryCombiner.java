package vn.ioc.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Combines summary changes inside each parallel instance before they are shuffled to the summary
 * (keyed by summary, where the province is one key): changes of the same summary and boundary are
 * summed and sent once, when the watermark reaches the boundary. So the summary does work per
 * boundary and instance, not per report. A change for a boundary the watermark has already passed
 * goes on at once (the summary corrects with it). The buffer is checkpointed.
 */
public final class SummaryCombiner extends AbstractStreamOperator<SummaryDelta>
    implements OneInputStreamOperator<SummaryDelta, SummaryDelta> {
  private static final long serialVersionUID = 1L;

  /** By boundary, then summary key. */
  private transient TreeMap<Long, Map<String, SummaryDelta>> buffer;

  private transient long watermark;
  private transient ListState<SummaryDelta> checkpointed;

  @Override
  public void processElement(StreamRecord<SummaryDelta> record) {
    SummaryDelta d = record.getValue();
    if (d.boundary <= watermark) {
      output.collect(new StreamRecord<>(d, d.boundary));
      return;
    }
    add(d);
  }

  private void add(SummaryDelta d) {
    Map<String, SummaryDelta> atBoundary =
        buffer.computeIfAbsent(d.boundary, b -> new java.util.HashMap<>());
    SummaryDelta sum = atBoundary.get(d.key);
    if (sum == null) atBoundary.put(d.key, new SummaryDelta(d.key, d.boundary, d.counts.copy()));
    else sum.counts.add(d.counts, 1);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = mark.getTimestamp();
    while (!buffer.isEmpty() && buffer.firstKey() <= watermark) {
      for (SummaryDelta d : buffer.pollFirstEntry().getValue().values())
        output.collect(new StreamRecord<>(d, d.boundary));
    }
    super.processWatermark(mark);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    ProgressState.COMBINED_SUMMARY_CHANGES, SummaryDelta.class));
    buffer = new TreeMap<>();
    watermark = Long.MIN_VALUE;
    for (SummaryDelta d : checkpointed.get()) add(d);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<SummaryDelta> all = new ArrayList<>();
    for (Map<String, SummaryDelta> atBoundary : buffer.values()) all.addAll(atBoundary.values());
    checkpointed.update(all);
  }
}
