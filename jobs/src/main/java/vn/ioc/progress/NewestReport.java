package vn.ioc.progress;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: keeps the item's newest report and passes on a report only when it becomes the
 * newest. Newest is by {@code reportedAt}, ties broken by the larger {@code reportId}; an older
 * report arriving later, or the same report again, changes nothing (counted in {@code
 * supersededReports}: it is not bad input, so not a dead letter). Only the newest report is kept,
 * never every id ever seen, so the state is one report per item.
 */
public final class NewestReport
    extends KeyedProcessFunction<String, ProgressReport, ProgressReport> {
  private static final long serialVersionUID = 1L;

  private transient ValueState<ProgressReport> newest;
  private transient Counter superseded;

  @Override
  public void open(OpenContext ctx) {
    newest =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("newest-report", ProgressReport.class));
    superseded = getRuntimeContext().getMetricGroup().counter("supersededReports");
  }

  @Override
  public void processElement(ProgressReport r, Context ctx, Collector<ProgressReport> out)
      throws Exception {
    ProgressReport current = newest.value();
    if (current != null && !isNewer(r, current)) {
      superseded.inc();
      return;
    }
    newest.update(r);
    out.collect(r);
  }

  /** Whether {@code a} supersedes {@code b}: later, or as late with a larger report id. */
  static boolean isNewer(ProgressReport a, ProgressReport b) {
    if (a.reportedAt != b.reportedAt) return a.reportedAt > b.reportedAt;
    return a.reportId.compareTo(b.reportId) > 0;
  }
}
