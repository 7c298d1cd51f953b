package vn.ioc.progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import vn.ioc.clock.ClockStop;
import vn.ioc.indicators.IndicatorUpdate;

/**
 * Keyed by summary (kind, scope, name): the {@code progress_summary} counts, written at every local
 * midnight from the summary's first change on, and at the end of every summary interval in which it
 * changed (the throttle). A point at time T counts every change at or before T.
 *
 * <p>Changes wait in {@code pending} until the watermark reaches their boundary. A change for a
 * boundary already written (a late report) corrects every point written since, and writes its own
 * boundary if that was not written: the points and their values do not depend on arrival order.
 * Written points are kept for {@code keep} (longer than the acceptance horizon) for that, and
 * pruned every third midnight (so at most three days longer). At the end of a bounded run, changes
 * in the interval that contains the clock's stop are written at the stop itself, so no point is
 * stamped beyond it.
 */
public final class ProgressSummary
    extends KeyedBroadcastProcessFunction<String, SummaryDelta, Long, IndicatorUpdate> {
  private static final long serialVersionUID = 1L;
  private static final long DAY_MS = 86_400_000L;
  private static final long PRUNE_EVERY_DAYS = 3;

  private final SummaryBoundaries boundaries;
  private final long until;
  private final long keepMs;

  private transient MapState<Long, SummaryCounts> pending;
  private transient MapState<Long, SummaryCounts> written;
  private transient ValueState<Long> lastWritten;
  private transient ValueState<Long> prunedBefore;
  private transient ValueState<Long> nextMidnight;
  private transient Counter uncorrectable;

  public ProgressSummary(SummaryBoundaries boundaries, long until, Duration keep) {
    this.boundaries = boundaries;
    this.until = until;
    this.keepMs = keep.toMillis();
  }

  @Override
  public void open(OpenContext ctx) {
    TypeInformation<SummaryCounts> counts = TypeInformation.of(SummaryCounts.class);
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(ProgressState.PENDING_CHANGES, Types.LONG, counts));
    written =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(ProgressState.WRITTEN_POINTS, Types.LONG, counts));
    lastWritten =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(ProgressState.LAST_WRITTEN, Types.LONG));
    prunedBefore =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(ProgressState.PRUNED_BEFORE, Types.LONG));
    nextMidnight =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(ProgressState.NEXT_MIDNIGHT, Types.LONG));
    uncorrectable = getRuntimeContext().getMetricGroup().counter("uncorrectableSummaryChanges");
  }

  @Override
  public void processElement(SummaryDelta d, ReadOnlyContext ctx, Collector<IndicatorUpdate> out)
      throws Exception {
    Long last = lastWritten.value();
    if (last != null && d.boundary <= last) {
      correct(d, last, ctx.getCurrentKey(), out);
      return;
    }
    SummaryCounts p = pending.get(d.boundary);
    pending.put(d.boundary, p == null ? d.counts.copy() : p.add(d.counts, 1));
    ctx.timerService().registerEventTimeTimer(d.boundary);
    // the daily chain: one timer at the next midnight, moved earlier only by an earlier change
    long midnight = boundaries.midnightAtOrAfter(d.boundary);
    Long chain = nextMidnight.value();
    if (chain == null || midnight < chain) {
      ctx.timerService().registerEventTimeTimer(midnight);
      nextMidnight.update(midnight);
    }
  }

  @Override
  public void onTimer(long t, OnTimerContext ctx, Collector<IndicatorUpdate> out) throws Exception {
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    long watermark = ctx.timerService().currentWatermark();
    if (!ClockStop.allows(t, watermark, until, stop)) {
      // the end of a bounded run: what changed in the interval that holds the stop is written at
      // the stop (the interval's own boundary lies beyond it)
      if (watermark == Long.MAX_VALUE
          && stop != null
          && t > stop
          && t - boundaries.intervalMs() < stop
          && pending.contains(t)) write(stop, t, ctx.getCurrentKey(), out);
      return;
    }
    write(t, t, ctx.getCurrentKey(), out);
    if (boundaries.isMidnight(t)) {
      long next = boundaries.midnightAtOrAfter(t + 1);
      ctx.timerService().registerEventTimeTimer(next);
      nextMidnight.update(next);
      // pruning looks at every point kept: every third midnight is often enough
      if (Math.floorDiv(t, DAY_MS) % PRUNE_EVERY_DAYS == 0) prune(t - keepMs);
    }
  }

  @Override
  public void processBroadcastElement(Long stop, Context ctx, Collector<IndicatorUpdate> out)
      throws Exception {
    ctx.getBroadcastState(ClockStop.STATE).put(ClockStop.KEY, stop);
  }

  /**
   * Writes the point at {@code t}: the last one written plus the pending changes of boundaries up
   * to {@code upTo} (t itself, but for the last point of a bounded run).
   */
  private void write(long t, long upTo, String key, Collector<IndicatorUpdate> out)
      throws Exception {
    Long last = lastWritten.value();
    SummaryCounts c = last == null ? new SummaryCounts() : written.get(last).copy();
    // every pending boundary has its timer, and timers fire in order: the changes due now are
    // those of this boundary (of the interval that holds the stop, at the end of a bounded run)
    SummaryCounts due = pending.get(upTo);
    if (due != null) {
      c.add(due, 1);
      pending.remove(upTo);
    }
    written.put(t, c);
    lastWritten.update(t);
    out.collect(ProgressPoints.summary(key, c, t, false));
  }

  /**
   * A change for a boundary already written: its boundary and every midnight from it on get a point
   * (from the point before them) if they have none, then every point from the boundary on is
   * corrected and written again.
   */
  private void correct(SummaryDelta d, long last, String key, Collector<IndicatorUpdate> out)
      throws Exception {
    TreeMap<Long, SummaryCounts> points = new TreeMap<>();
    for (Map.Entry<Long, SummaryCounts> e : written.entries()) points.put(e.getKey(), e.getValue());
    Long pruned = prunedBefore.value();
    if (pruned != null && d.boundary < pruned) {
      // older than anything kept: the points it belongs to are gone
      uncorrectable.inc();
      return;
    }
    List<Long> missing = new ArrayList<>();
    if (!points.containsKey(d.boundary)) missing.add(d.boundary);
    long m = boundaries.midnightAtOrAfter(d.boundary);
    while (m <= last) {
      if (!points.containsKey(m) && m != d.boundary) missing.add(m);
      m = boundaries.midnightAtOrAfter(m + 1);
    }
    for (Long b : missing) {
      Map.Entry<Long, SummaryCounts> base = points.floorEntry(b);
      points.put(b, base == null ? new SummaryCounts() : base.getValue().copy());
    }
    for (Map.Entry<Long, SummaryCounts> e : points.tailMap(d.boundary, true).entrySet()) {
      SummaryCounts c = e.getValue().add(d.counts, 1);
      written.put(e.getKey(), c);
      out.collect(ProgressPoints.summary(key, c, e.getKey(), true));
    }
  }

  private void prune(long before) throws Exception {
    List<Long> old = new ArrayList<>();
    Long last = lastWritten.value();
    for (Long k : written.keys()) if (k < before && !k.equals(last)) old.add(k);
    for (Long k : old) written.remove(k);
    if (!old.isEmpty()) prunedBefore.update(before);
  }
}
