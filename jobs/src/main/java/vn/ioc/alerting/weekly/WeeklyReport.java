package vn.ioc.alerting.weekly;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import vn.ioc.alerting.AlertingState;
import vn.ioc.alerting.Observed;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.EngineNow;
import vn.ioc.clock.WaitingInputs;
import vn.ioc.dispatch.DigestGrouping;
import vn.ioc.dispatch.Notification;
import vn.ioc.feed.ContractText;

/**
 * The weekly programme report: every Monday at 07:30 local time (engine time, {@link ReportWeek})
 * one {@link Notification} to one person, on the outbox like the digests. Keyed by that person (one
 * key), fed by the accepted indicator updates that {@link #feeds} selects, it keeps only what the
 * report needs: each item's latest {@code item_status} and its marks (late, at risk, completed) as
 * the last report saw them, the province's latest {@code progress_summary} per kind, and each
 * unit's {@code service_rates} of window {@code 1d} per local day over two weeks (the week's figure
 * is the sum of its seven days: a correction of a day after the report shows in the next report's
 * "week before").
 *
 * <p>An update stamped after the next report waits for it ({@link AlertingState#WEEKLY_AHEAD}), so
 * a report never tells of its future, whatever order the partitions are read in. "Became late" (at
 * risk, completed) compares an item with the last report, or with its first update when it is new
 * since then. The report's event-time timer is kept in state, so a restore neither loses nor
 * repeats a Monday, and its id is derived from the recipient and the week (the notifier's
 * idempotency key). Timers never fire beyond the clock's stop. A live run catching up on a backlog
 * sends only the latest report due (counter {@code weeklyReportsBehind} counts the others).
 */
public final class WeeklyReport
    extends KeyedBroadcastProcessFunction<String, Observed, Long, Notification> {
  private static final long serialVersionUID = 1L;

  private final String recipient;
  private final WeeklyReportText text;
  private final ZoneId zone;
  private final long until;
  private final DigestGrouping.Now now;

  private transient ValueState<Long> next;
  private transient MapState<String, ItemView> items;
  private transient MapState<String, Integer> marks;
  private transient MapState<String, ProgrammeCounts> counts;
  private transient MapState<String, UnitDay> unitDays;
  private transient MapState<Long, List<Observed>> ahead;
  private transient EngineNow engineNow;
  private transient Counter behind;

  /**
   * @param recipient who receives it (a person id of people.csv)
   * @param until no report after it ({@link ClockStop#NO_UNTIL}: none)
   * @param now the engine's "now" of a live run (only the latest report due is sent), or null
   */
  public WeeklyReport(
      String recipient, WeeklyReportText text, ZoneId zone, long until, DigestGrouping.Now now) {
    this.recipient = recipient;
    this.text = text;
    this.zone = zone;
    this.until = until;
    this.now = now;
  }

  /**
   * The updates the report reads: {@code item_status}, the province's {@code progress_summary} and
   * the units' {@code service_rates} of window {@code 1d}.
   */
  public static boolean feeds(Observed o) {
    return switch (o.measurement) {
      case "item_status" -> true;
      case "progress_summary" -> "province".equals(o.tags.get("scope"));
      case "service_rates" ->
          "unit".equals(o.tags.get("scope"))
              && "1d".equals(o.tags.get("window"))
              && o.tags.get("unit") != null
              && o.windowStart != ContractText.ABSENT;
      default -> false;
    };
  }

  @Override
  public void open(OpenContext ctx) {
    var rc = getRuntimeContext();
    next = rc.getState(new ValueStateDescriptor<>(AlertingState.WEEKLY_NEXT, Types.LONG));
    items =
        rc.getMapState(
            new MapStateDescriptor<>(
                AlertingState.WEEKLY_ITEMS, Types.STRING, TypeInformation.of(ItemView.class)));
    marks =
        rc.getMapState(
            new MapStateDescriptor<>(AlertingState.WEEKLY_MARKS, Types.STRING, Types.INT));
    counts =
        rc.getMapState(
            new MapStateDescriptor<>(
                AlertingState.WEEKLY_COUNTS,
                Types.STRING,
                TypeInformation.of(ProgrammeCounts.class)));
    unitDays =
        rc.getMapState(
            new MapStateDescriptor<>(
                AlertingState.WEEKLY_UNIT_DAYS, Types.STRING, TypeInformation.of(UnitDay.class)));
    ahead = rc.getMapState(WaitingInputs.descriptor(AlertingState.WEEKLY_AHEAD, Observed.class));
    behind = rc.getMetricGroup().counter("weeklyReportsBehind");
    engineNow = now == null ? null : now.open();
  }

  @Override
  public void close() throws Exception {
    if (engineNow instanceof AutoCloseable c) c.close();
  }

  @Override
  public void processElement(Observed o, ReadOnlyContext ctx, Collector<Notification> out)
      throws Exception {
    Long at = next.value();
    if (at == null) {
      long from = Math.max(o.asOf, ctx.timerService().currentWatermark() + 1);
      at = ReportWeek.atOrAfter(from, zone).at(zone);
      next.update(at);
      ctx.timerService().registerEventTimeTimer(at);
    }
    if (o.asOf > at) hold(o);
    else apply(o);
  }

  @Override
  public void processBroadcastElement(Long stop, Context ctx, Collector<Notification> out)
      throws Exception {
    ctx.getBroadcastState(ClockStop.STATE).put(ClockStop.KEY, stop);
  }

  @Override
  public void onTimer(long t, OnTimerContext ctx, Collector<Notification> out) throws Exception {
    Long at = next.value();
    if (at == null || at != t) return;
    TimerService timers = ctx.timerService();
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    if (!ClockStop.allows(t, timers.currentWatermark(), until, stop)) return;
    ReportWeek week = ReportWeek.of(t, zone);
    WeekFigures figures = figures(week);
    if (isBehind(week)) behind.inc();
    else out.collect(text.render(recipient, figures));
    long following = week.next().at(zone);
    next.update(following);
    timers.registerEventTimeTimer(following);
    release(following);
  }

  /** Whether a later report is due already: only the latest one of a backlog is sent. */
  private boolean isBehind(ReportWeek week) {
    if (engineNow == null) return false;
    OptionalLong n = engineNow.millis();
    return n.isPresent() && week.next().at(zone) <= n.getAsLong();
  }

  /** The report of {@code week}; the items' marks and the unit days move on to the next one. */
  private WeekFigures figures(ReportWeek week) throws Exception {
    List<ItemView> late = new ArrayList<>();
    List<ItemView> atRisk = new ArrayList<>();
    List<ItemView> completed = new ArrayList<>();
    for (ItemView v : items.values()) {
      Integer before = marks.get(v.key());
      int was = before == null ? 0 : before;
      int is = v.marks();
      int became = is & ~was;
      if ((became & ItemView.LATE) != 0) late.add(v);
      if ((became & ItemView.AT_RISK) != 0) atRisk.add(v);
      if ((became & ItemView.COMPLETED) != 0) completed.add(v);
      if (is != was) marks.put(v.key(), is);
    }
    Map<String, ProgrammeCounts> byKind = new TreeMap<>();
    for (Map.Entry<String, ProgrammeCounts> e : counts.entries())
      byKind.put(e.getKey(), e.getValue());
    long first = week.firstDay().toEpochDay();
    long before = week.previous().firstDay().toEpochDay();
    long end = week.monday().toEpochDay();
    Map<String, long[]> sums = new TreeMap<>();
    List<String> gone = new ArrayList<>();
    for (UnitDay d : unitDays.values()) {
      // the next report's week before is this report's week: older days are not needed after it
      if (d.day < first) gone.add(d.key());
      if (d.day < before || d.day >= end) continue;
      long[] s = sums.computeIfAbsent(d.unit, u -> new long[4]);
      int i = d.day >= first ? 0 : 2;
      s[i] += d.received;
      s[i + 1] += d.online;
    }
    for (String k : gone) unitDays.remove(k);
    List<WeekFigures.UnitWeeks> units = new ArrayList<>();
    sums.forEach(
        (unit, s) -> {
          if (s[0] + s[2] > 0) units.add(new WeekFigures.UnitWeeks(unit, s[0], s[1], s[2], s[3]));
        });
    return new WeekFigures(week, byKind, late, atRisk, completed, units);
  }

  /** Applies an update to what the report keeps; an update older than the kept one is ignored. */
  private void apply(Observed o) throws Exception {
    switch (o.measurement) {
      case "item_status" -> {
        ItemView v = ItemView.of(o);
        ItemView kept = items.get(v.key());
        if (kept != null && kept.asOf > v.asOf) return;
        items.put(v.key(), v);
        // an item new since the last report is judged against its first update
        if (!marks.contains(v.key())) marks.put(v.key(), v.marks());
      }
      case "progress_summary" -> {
        String kind = o.tags.getOrDefault("kind", "");
        ProgrammeCounts kept = counts.get(kind);
        if (kept == null || kept.asOf <= o.asOf) counts.put(kind, ProgrammeCounts.of(o));
      }
      case "service_rates" -> {
        UnitDay d = UnitDay.of(o, zone);
        UnitDay kept = unitDays.get(d.key());
        if (kept == null || kept.asOf <= d.asOf) unitDays.put(d.key(), d);
      }
      default -> {}
    }
  }

  /** Keeps an update stamped after the next report until that report has gone. */
  private void hold(Observed o) throws Exception {
    List<Observed> due = ahead.get(o.asOf);
    if (due == null) due = new ArrayList<>(1);
    due.add(o);
    ahead.put(o.asOf, due);
  }

  /** Applies the waiting updates stamped up to {@code at}, in time order. */
  private void release(long at) throws Exception {
    TreeMap<Long, List<Observed>> due = new TreeMap<>();
    for (Map.Entry<Long, List<Observed>> e : ahead.entries())
      if (e.getKey() <= at) due.put(e.getKey(), e.getValue());
    for (Map.Entry<Long, List<Observed>> e : due.entrySet()) {
      ahead.remove(e.getKey());
      for (Observed o : e.getValue()) apply(o);
    }
  }
}
