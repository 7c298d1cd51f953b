package vn.ioc.progress;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockStop;
import vn.ioc.indicators.IndicatorUpdate;

/**
 * Keyed by item: keeps the item's newest report and writes the item's {@code item_status} at each
 * of its reports (stamped {@code reportedAt}) and at every local midnight since its first report,
 * and sends the changes of what the item counts in the summaries to {@link #SUMMARY}.
 *
 * <p>The point at time t always shows the newest report with {@code reportedAt <= t}, judged on the
 * local day of t ({@link ItemStatus}), whatever order the item's reports and the engine's clock
 * arrive in:
 *
 * <ul>
 *   <li>the clock (the watermark: reports and {@code ioc.clock} ticks) fires a timer at each local
 *       midnight, which writes that midnight from the current report;
 *   <li>a report later than the last midnight written first writes the midnights up to it from the
 *       report it supersedes ("catching up", when its partition runs ahead of the clock);
 *   <li>a report earlier than midnights already written (it arrived late) rewrites them: they
 *       showed the report it supersedes. A report that does not supersede changes nothing (it never
 *       is dropped).
 * </ul>
 *
 * <p>Newest is by {@code reportedAt}, ties broken by the larger {@code reportId}; an older report
 * arriving later, or the same report again, changes nothing (counted in {@code supersededReports}:
 * it is not bad input, so not a dead letter). Only the newest report is kept, never every id ever
 * seen, so the state is one report per item.
 *
 * <p>So a live run and a bounded recompute of the same topic write the same points with the same
 * values. Summary changes carry the summary boundary they count in: the report's (a change, sent
 * even when the counts do not move, so the summary writes a point there in any run) or the
 * midnight's (sent when the counts move). No timer fires beyond the clock's stop ({@link
 * ClockStop}).
 */
public final class ItemTracker
    extends KeyedBroadcastProcessFunction<String, ProgressReport, Long, IndicatorUpdate> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<SummaryDelta> SUMMARY = new OutputTag<>("summary-deltas") {};

  private final ZoneId zone;
  private final WorkingDays calendar;
  private final Map<String, Integer> cadenceDays;
  private final int defaultCadenceDays;
  private final long until;
  private final SummaryBoundaries boundaries;

  private transient ValueState<TrackedItem> tracked;
  private transient LocalCalendar days;
  private transient Counter superseded;
  private transient Counter beyondUntil;
  private transient Counter lateReports;

  /**
   * @param cadenceDays the reporting cadence per kind (days without a report before an item is
   *     stale); kinds not listed use {@code defaultCadenceDays}
   * @param until no report after it counts and no point is written after it ({@link
   *     ClockStop#NO_UNTIL}: none)
   */
  public ItemTracker(
      ZoneId zone,
      WorkingDays calendar,
      Map<String, Integer> cadenceDays,
      int defaultCadenceDays,
      long until,
      SummaryBoundaries boundaries) {
    this.zone = zone;
    this.calendar = calendar;
    this.cadenceDays = new LinkedHashMap<>(cadenceDays);
    this.defaultCadenceDays = defaultCadenceDays;
    this.until = until;
    this.boundaries = boundaries;
  }

  @Override
  public void open(OpenContext ctx) {
    tracked =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(ProgressState.TRACKED_ITEM, TrackedItem.class));
    days = new LocalCalendar(zone);
    superseded = getRuntimeContext().getMetricGroup().counter("supersededReports");
    beyondUntil = getRuntimeContext().getMetricGroup().counter("reportsBeyondUntil");
    lateReports = getRuntimeContext().getMetricGroup().counter("lateReportsRewritingHistory");
  }

  @Override
  public void processElement(ProgressReport r, ReadOnlyContext ctx, Collector<IndicatorUpdate> out)
      throws Exception {
    long t = r.reportedAt;
    if (t > until) {
      beyondUntil.inc();
      return;
    }
    TrackedItem item = tracked.value();
    ProgressReport prev = item == null ? null : item.report;
    if (prev != null && !isNewer(r, prev)) {
      superseded.inc();
      return;
    }
    long wBefore = item == null ? Long.MIN_VALUE : item.writtenThrough;
    long w;
    boolean late = prev != null && t <= wBefore;
    if (prev == null) {
      w = days.start(WindowLevel.DAY, t); // nothing to write before the first report
    } else if (!late) {
      w = midnights(prev, wBefore, t, false, ctx, out);
    } else {
      w = wBefore;
      lateReports.inc();
      rewrite(prev, r, t, w, ctx, out);
    }
    LocalDate day = day(t);
    ItemStatus status = status(r, day);
    SummaryChange change = new SummaryChange();
    change.add(ItemContribution.of(r, status), 1);
    if (prev != null) change.add(ItemContribution.of(prev, status(prev, day)), -1);
    change.emit(ctx, boundaries.ceil(t), true);
    out.collect(ProgressPoints.itemStatus(r, status, t, late));
    // one timer per item, never later than the first midnight after the last one written: a
    // report that catches up midnights leaves it where it is; it moves on when it fires
    long timer = item == null ? TrackedItem.NO_TIMER : item.timer;
    if (timer == TrackedItem.NO_TIMER) {
      timer = next(Math.max(w, t));
      ctx.timerService().registerEventTimeTimer(timer);
    }
    tracked.update(new TrackedItem(r, w, timer));
  }

  /** Whether {@code a} supersedes {@code b}: later, or as late with a larger report id. */
  static boolean isNewer(ProgressReport a, ProgressReport b) {
    if (a.reportedAt != b.reportedAt) return a.reportedAt > b.reportedAt;
    return a.reportId.compareTo(b.reportId) > 0;
  }

  @Override
  public void onTimer(long midnight, OnTimerContext ctx, Collector<IndicatorUpdate> out)
      throws Exception {
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    TrackedItem item = tracked.value();
    if (!ClockStop.allows(midnight, ctx.timerService().currentWatermark(), until, stop)) {
      tracked.update(new TrackedItem(item.report, item.writtenThrough, TrackedItem.NO_TIMER));
      return;
    }
    long w = item.writtenThrough;
    if (midnight > w) w = midnights(item.report, w, midnight, true, ctx, out);
    // else a report has caught up this midnight and maybe more: the next one is after them
    long timer = next(Math.max(w, item.report.reportedAt));
    ctx.timerService().registerEventTimeTimer(timer);
    tracked.update(new TrackedItem(item.report, w, timer));
  }

  @Override
  public void processBroadcastElement(Long stop, Context ctx, Collector<IndicatorUpdate> out)
      throws Exception {
    ctx.getBroadcastState(ClockStop.STATE).put(ClockStop.KEY, stop);
  }

  /**
   * Writes the midnights in (after, through] from {@code r} (the one at {@code through} only when
   * {@code throughToo}: a report at exactly midnight writes that point itself) and sends their
   * summary changes; returns the last midnight passed.
   */
  private long midnights(
      ProgressReport r,
      long after,
      long through,
      boolean throughToo,
      ReadOnlyContext ctx,
      Collector<IndicatorUpdate> out) {
    long w = after;
    ItemContribution before = null;
    for (long m = next(after); m <= through; m = next(m)) {
      LocalDate day = day(m);
      ItemStatus s = status(r, day);
      ItemContribution now = ItemContribution.of(r, s);
      if (before == null) before = ItemContribution.of(r, status(r, day.minusDays(1)));
      // most midnights move no count: then there is no change to send
      if (!now.counts().sameAs(before.counts())) {
        SummaryChange change = new SummaryChange();
        change.add(now, 1);
        change.add(before, -1);
        change.emit(ctx, m, false);
      }
      if (m < through || throughToo) out.collect(ProgressPoints.itemStatus(r, s, m, false));
      before = now;
      w = m;
    }
    return w;
  }

  /**
   * A late report {@code r} at {@code t}: the midnights in (t, w] showed {@code prev}; rewrites
   * them from {@code r} and corrects the summaries by the difference.
   */
  private void rewrite(
      ProgressReport prev,
      ProgressReport r,
      long t,
      long w,
      ReadOnlyContext ctx,
      Collector<IndicatorUpdate> out) {
    for (long m = next(t); m <= w; m = next(m)) {
      LocalDate day = day(m);
      LocalDate before = day.minusDays(1);
      ItemStatus s = status(r, day);
      SummaryChange change = new SummaryChange();
      change.add(ItemContribution.of(r, s), 1);
      change.add(ItemContribution.of(r, status(r, before)), -1);
      change.add(ItemContribution.of(prev, status(prev, day)), -1);
      change.add(ItemContribution.of(prev, status(prev, before)), 1);
      change.emit(ctx, m, false);
      out.collect(ProgressPoints.itemStatus(r, s, m, true));
    }
  }

  private ItemStatus status(ProgressReport r, LocalDate day) {
    return ItemStatus.of(
        r, day, calendar, cadenceDays.getOrDefault(r.kind, defaultCadenceDays), zone);
  }

  private LocalDate day(long t) {
    return Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
  }

  /** The first local midnight after {@code t}. */
  private long next(long t) {
    return days.end(WindowLevel.DAY, days.start(WindowLevel.DAY, t));
  }

  /** Changes of the summaries at one boundary, per summary key. */
  private static final class SummaryChange {
    private final Map<String, SummaryCounts> byKey = new LinkedHashMap<>();

    void add(ItemContribution c, int sign) {
      for (String key : c.keys()) {
        byKey.computeIfAbsent(key, k -> new SummaryCounts()).add(c.counts(), sign);
      }
    }

    /** Sends the non-zero changes, or every key's when {@code touch}. */
    void emit(ReadOnlyContext ctx, long boundary, boolean touch) {
      for (Map.Entry<String, SummaryCounts> e : byKey.entrySet()) {
        if (touch || !e.getValue().isZero())
          ctx.output(SUMMARY, new SummaryDelta(e.getKey(), boundary, e.getValue()));
      }
    }
  }
}
