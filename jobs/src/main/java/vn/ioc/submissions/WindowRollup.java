package vn.ioc.submissions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.deadletter.DeadLetters;

/**
 * Keyed by series (see {@link Contribution#seriesKey()}): the local-calendar windows of one series
 * in one scope, rolled up minute → hour → day → month, and forwarded to the coarser scopes.
 *
 * <p>A change enters only the finest window that contains its period (a window the scope does not
 * publish, such as a unit×service minute, hands it on at once and keeps no state). Each window
 * keeps the changes it has not yet handed on: to its parent window in this series ({@code
 * pendingUp}) and, for changes that entered this scope at this window, to the coarser scopes
 * ({@code pendingOut}), which roll them up in turn. Handing on happens when a window settles: at
 * its cleanup (the watermark passes its end plus the acceptance horizon) and, in a live run, on a
 * processing-time tick and when the watermark passes its end. So coarser windows and scopes see
 * per-window partial sums, not records.
 *
 * <p>Writes: a bounded run writes each published window once, at its cleanup (end of input
 * included), its final value. A live run also writes open windows early (at most once per
 * early-write interval per window), the final value when the watermark passes the window's end, and
 * corrections when accepted late data or revisions change a closed window. Window state is dropped
 * at cleanup, by an event-time timer (a minute's is its hour's: see {@link
 * WindowCalendar#dropTime}); the acceptance gate upstream refuses anything that could reach a
 * dropped window.
 */
public final class WindowRollup extends KeyedProcessFunction<String, Contribution, WindowSnapshot>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  /** Changes forwarded to the coarser scopes. */
  public static final OutputTag<Contribution> UPWARD = new OutputTag<>("upward") {};

  private static final int LEVELS = WindowLevel.values().length;

  private final WindowCalendar windows;
  private final boolean live;
  private final long forwardIntervalMs;
  private final long earlyWriteIntervalMs;
  private final int maxSeries;

  private transient MapState<Long, WindowBucket> buckets;
  private transient MapState<Long, Boolean> dirty;
  private transient ValueState<Long> tickAt;
  private transient ValueState<SeriesTags> tags;
  private transient WindowWrites writes;
  private transient ListState<Integer> checkpointedSeries;

  /** Series of the entry scope this subtask holds state for. */
  private transient SeriesBudget budget;

  private transient DeadLetters.Counters deadLetters;

  /**
   * @param live write open windows early and on close (live run), or final values only (bounded)
   * @param forwardInterval live: how often pending changes move to parent windows and coarser
   *     scopes
   * @param earlyWriteInterval live: the least time between two writes of one window
   * @param maxSeries the most unit×service series (with state) at once; a report that would open
   *     one more is refused ({@code cardinality-limit}), so a broken feed cannot explode InfluxDB.
   *     Every other scope has at most as many series. Enforced per parallel instance (its share of
   *     it).
   */
  public WindowRollup(
      LocalCalendar calendar,
      Duration horizon,
      boolean live,
      Duration forwardInterval,
      Duration earlyWriteInterval,
      int maxSeries) {
    this.windows = new WindowCalendar(calendar, horizon.toMillis(), live);
    this.live = live;
    this.forwardIntervalMs = forwardInterval.toMillis();
    this.earlyWriteIntervalMs = earlyWriteInterval.toMillis();
    this.maxSeries = maxSeries;
  }

  /** The windows of a series by {@link WindowCalendar#bucketId}. */
  static MapStateDescriptor<Long, WindowBucket> windowsDescriptor() {
    return new MapStateDescriptor<>(
        SubmissionsState.WINDOWS, Types.LONG, PackedForms.WindowForm.INSTANCE.typeInfo());
  }

  @Override
  public void open(OpenContext ctx) {
    buckets = getRuntimeContext().getMapState(windowsDescriptor());
    dirty =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    SubmissionsState.WINDOWS_DIRTY, Types.LONG, Types.BOOLEAN));
    tickAt =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(SubmissionsState.TICK_AT, Types.LONG));
    tags =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    SubmissionsState.SERIES_TAGS, Types.POJO(SeriesTags.class)));
    // Distinguishes this run's writes from those of a run before a restore (see WindowWrites).
    writes = new WindowWrites(live, earlyWriteIntervalMs, ThreadLocalRandom.current().nextLong());
    deadLetters = new DeadLetters.Counters(getRuntimeContext().getMetricGroup());
    getRuntimeContext().getMetricGroup().gauge("unitServiceSeries", () -> budget.inUse());
  }

  @Override
  public void processElement(Contribution c, Context ctx, Collector<WindowSnapshot> out)
      throws Exception {
    SeriesTags series = tags.value();
    if (series == null) {
      if (c.scope == Scope.UNIT_SERVICE) {
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        if (!budget.open(parallelism)) {
          refuseSeries(c, budget.share(parallelism), ctx);
          return;
        }
      }
      series = SeriesTags.of(c);
      tags.update(series);
    } else if (!series.sameAs(c)) {
      series = SeriesTags.of(c);
      tags.update(series);
    }
    add(series, c.level, c.windowStart, c.delta, c.asOf, true, c.decreased, ctx);
  }

  private void refuseSeries(Contribution c, int share, Context ctx) {
    deadLetters.count("cardinality-limit");
    String detail =
        "unit "
            + c.unit
            + ", service "
            + c.service
            + ", district "
            + c.district
            + " would open a series beyond the limit of "
            + maxSeries
            + " unit×service series ("
            + share
            + " on this parallel instance)";
    ctx.output(
        DeadLetters.TAG,
        DeadLetters.of(null, "cardinality-limit", detail, null, -1, -1, -1, c.unit, null));
  }

  private void add(
      SeriesTags series,
      int level,
      long start,
      Counts delta,
      long asOf,
      boolean direct,
      boolean decreased,
      Context ctx)
      throws Exception {
    Scope scope = series.scope;
    WindowLevel windowLevel = WindowLevel.ofOrdinal(level);
    if (!scope.publishes(windowLevel)) {
      // a window nobody reads (unit×service minutes): hand the change on at once and keep no state
      if (direct) forward(series, level, start, delta, asOf, decreased, ctx);
      WindowLevel parent = windowLevel.parent();
      add(
          series,
          parent.ordinal(),
          windows.start(parent, start),
          delta,
          asOf,
          false,
          decreased,
          ctx);
      return;
    }
    long id = WindowCalendar.bucketId(level, start);
    WindowBucket b = buckets.get(id);
    if (b == null) {
      b = new WindowBucket();
      // the timers name no window: onTimer finds the windows due at their time (see dueAt)
      long end = windows.end(windowLevel, start);
      ctx.timerService()
          .registerEventTimeTimer(windows.cleanupTime(windows.dropTime(windowLevel, start, end)));
      if (live) ctx.timerService().registerEventTimeTimer(end);
    }
    try {
      b.value.add(delta);
      if (level + 1 < LEVELS) {
        if (b.pendingUp == null) b.pendingUp = new Counts();
        b.pendingUp.add(delta);
      }
      if (direct && scope != Scope.DISTRICT && scope != Scope.PROVINCE) {
        if (b.pendingOut == null) b.pendingOut = new Counts();
        b.pendingOut.add(delta);
      }
      b.value.received();
    } catch (ArithmeticException e) {
      throw CountGuardViolation.stop(series, windowLevel, start, "a count beyond 2^63", delta);
    }
    // Unreachable with the contract's count limit and a correct ledger: a guard, never a write.
    if (b.value.anyNegative())
      throw CountGuardViolation.stop(series, windowLevel, start, "a negative count", delta);
    if (decreased || delta.anyNegative()) b.decreased = true;
    if (asOf > b.asOf) b.asOf = asOf;
    b.changed = true;
    buckets.put(id, b);
    if (live) {
      dirty.put(id, Boolean.TRUE);
      if (tickAt.value() == null) {
        long t = ctx.timerService().currentProcessingTime() + forwardIntervalMs;
        ctx.timerService().registerProcessingTimeTimer(t);
        tickAt.update(t);
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowSnapshot> out)
      throws Exception {
    List<Long> work = new ArrayList<>();
    // Event time for due-ness: a timer's own timestamp, not the watermark that fired it (at the end
    // of input that is +inf and would settle every window at once, before its children).
    long watermark = ctx.timerService().currentWatermark();
    long now = ctx.timerService().currentProcessingTime();
    boolean tick = ctx.timeDomain() == TimeDomain.PROCESSING_TIME;
    if (tick) tickAt.clear();
    SeriesTags series = tags.value();
    if (series == null) return; // a timer left over from windows settled early, series gone
    if (!tick) {
      watermark = timestamp;
      windows.dueAt(timestamp, series.scope, work);
    }
    if (live) for (Long id : dirty.keys()) work.add(id);
    settle(series, work, watermark, now, ctx, out);
    if (buckets.isEmpty()) {
      // nothing left of this series: forget it, and give its place in the cardinality budget back
      if (series.scope == Scope.UNIT_SERVICE) budget.release();
      tags.clear();
      dirty.clear();
      return;
    }
    if (live && !dirty.isEmpty() && tickAt.value() == null) {
      long t = now + forwardIntervalMs;
      ctx.timerService().registerProcessingTimeTimer(t);
      tickAt.update(t);
    }
  }

  /**
   * Settles the given windows, finest first: hands pending changes to parent windows (which are
   * settled in turn when they are due or dirty) and to coarser scopes, writes what is due, and
   * drops windows past their cleanup time.
   */
  private void settle(
      SeriesTags series,
      List<Long> ids,
      long watermark,
      long now,
      OnTimerContext ctx,
      Collector<WindowSnapshot> out)
      throws Exception {
    @SuppressWarnings("unchecked")
    TreeSet<Long>[] byLevel = new TreeSet[LEVELS];
    for (int l = 0; l < LEVELS; l++) byLevel[l] = new TreeSet<>();
    for (long id : ids) byLevel[WindowCalendar.levelOf(id)].add(id);
    for (int level = 0; level < LEVELS; level++) {
      for (long id : byLevel[level]) {
        WindowBucket b = buckets.get(id);
        if (b == null) {
          dirty.remove(id);
          continue;
        }
        long start = WindowCalendar.startOf(id);
        long end = windows.end(WindowLevel.ofOrdinal(level), start);
        boolean cleanup = watermark >= windows.cleanupTime(end);
        boolean closed = watermark >= end;
        // a change of nothing (a report of zero applications) still opens the parent window: a
        // window exists in every scope once any report falls in it
        if (b.pendingUp != null) {
          WindowLevel parent = WindowLevel.ofOrdinal(level).parent();
          long parentStart = windows.start(parent, start);
          add(series, parent.ordinal(), parentStart, b.pendingUp, b.asOf, false, b.decreased, ctx);
          b.pendingUp = null;
          // A parent due now must settle now: a timer registered at or behind the watermark would
          // only fire on a later watermark, and at the end of input there is none.
          long parentEnd = windows.end(parent, parentStart);
          if (live || watermark >= windows.cleanupTime(parentEnd))
            byLevel[parent.ordinal()].add(WindowCalendar.bucketId(parent.ordinal(), parentStart));
        }
        if (b.pendingOut != null) {
          forward(series, level, start, b.pendingOut, b.asOf, b.decreased, ctx);
          b.pendingOut = null;
        }
        if (writes.due(b, closed, cleanup, now))
          out.collect(writes.write(series, level, start, end, b, closed, now));
        if (cleanup) {
          buckets.remove(id);
          dirty.remove(id);
        } else {
          buckets.put(id, b);
          if (live && !b.changed && !b.hasPending()) dirty.remove(id);
        }
      }
    }
  }

  private void forward(
      SeriesTags series,
      int level,
      long start,
      Counts delta,
      long asOf,
      boolean decreased,
      Context ctx) {
    for (Contribution c : ScopeForwarding.upward(series, level, start, delta, asOf, decreased))
      ctx.output(UPWARD, c);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointedSeries.update(List.of(budget.inUse()));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedSeries =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(SubmissionsState.UNIT_SERVICE_SERIES, Types.INT));
    budget = new SeriesBudget(maxSeries);
    budget.restore(
        checkpointedSeries.get(), getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
  }
}
