package vn.ioc.health;

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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/**
 * Keyed by unit: the {@code feed_health} measurement, one point per unit and local hour of arrival
 * in engine time ({@link FeedTally#arrival}; {@code scope=unit}, {@code window=1h}): records, dead
 * letters (in all and by reason), codes the reference data does not know, the latest period end
 * seen so far and the longest report delay. With {@code service_rates} it tells "no reports" (no
 * records) from "no applications" (records of zero).
 *
 * <p>A live run writes a changed hour at most once per write interval; a bounded run writes every
 * hour once, at the end of its input. A live run keeps the last {@code keep} hours per unit.
 */
public final class FeedHealth
    extends KeyedProcessFunction<String, FeedHealthDelta, IndicatorUpdate> {
  /** A unit's feed-health hours (its name in savepoints: never changes). */
  public static final String FEED_HOURS = "feed-hours";

  /**
   * The feed-health hours changed since their last write (its name in savepoints: never changes).
   */
  public static final String FEED_HOURS_CHANGED = "feed-hours-changed";

  /** A unit's latest period end (its name in savepoints: never changes). */
  public static final String LATEST_PERIOD_END = "latest-period-end";

  /** When a unit's next early write is due (its name in savepoints: never changes). */
  public static final String FEED_TICK_AT = "feed-tick-at";

  private static final long serialVersionUID = 1L;
  public static final String MEASUREMENT = "feed_health";
  private static final long HOUR_MS = 3_600_000L;

  private final boolean live;
  private final long writeIntervalMs;
  private final long keepMs;
  private final LocalCalendar calendar;

  private transient MapState<Long, FeedHealthDelta> hours;
  private transient MapState<Long, Boolean> changed;
  private transient ValueState<Long> latestPeriodEnd;
  private transient ValueState<Long> tickAt;

  /**
   * The latest period end this instance has seen of any unit: the event time a unit that never sent
   * a valid report is said to be written at (not checkpointed; after a restore the watermark stands
   * in until a report arrives).
   */
  private transient long latestEventTime;

  public FeedHealth(boolean live, Duration writeInterval, Duration keep, LocalCalendar calendar) {
    this.live = live;
    this.writeIntervalMs = writeInterval.toMillis();
    this.keepMs = keep.toMillis();
    this.calendar = calendar;
  }

  @Override
  public void open(OpenContext ctx) {
    hours =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    FEED_HOURS, Types.LONG, Types.POJO(FeedHealthDelta.class)));
    changed =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(FEED_HOURS_CHANGED, Types.LONG, Types.BOOLEAN));
    latestPeriodEnd =
        getRuntimeContext().getState(new ValueStateDescriptor<>(LATEST_PERIOD_END, Types.LONG));
    tickAt = getRuntimeContext().getState(new ValueStateDescriptor<>(FEED_TICK_AT, Types.LONG));
    latestEventTime = Long.MIN_VALUE;
  }

  @Override
  public void processElement(FeedHealthDelta delta, Context ctx, Collector<IndicatorUpdate> out)
      throws Exception {
    latestEventTime = Math.max(latestEventTime, delta.latestPeriodEnd);
    if (delta.arrivalUnknown) {
      // the wall-clock hour of a refusal is no time of the feed's: the feed's event time is
      Long now = eventTimeNow(ctx.timerService().currentWatermark());
      if (now != null) delta.hourStart = calendar.start(WindowLevel.HOUR, now);
    }
    FeedHealthDelta hour = hours.get(delta.hourStart);
    if (hour == null) hour = new FeedHealthDelta(delta.unit, delta.hourStart);
    hour.add(delta);
    hours.put(delta.hourStart, hour);
    changed.put(delta.hourStart, Boolean.TRUE);
    if (tickAt.value() != null) return;
    long at = live ? ctx.timerService().currentProcessingTime() + writeIntervalMs : Long.MAX_VALUE;
    if (live) ctx.timerService().registerProcessingTimeTimer(at);
    else ctx.timerService().registerEventTimeTimer(at);
    tickAt.update(at);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorUpdate> out)
      throws Exception {
    tickAt.clear();
    List<Long> due = new ArrayList<>();
    for (Long h : changed.keys()) due.add(h);
    due.sort(null);
    long latestArrival = Long.MIN_VALUE;
    for (FeedHealthDelta h : hours.values())
      latestArrival = Math.max(latestArrival, h.latestArrival);
    Long latest = latestPeriodEnd.value();
    for (long start : due) {
      FeedHealthDelta h = hours.get(start);
      if (h.latestPeriodEnd > (latest == null ? Long.MIN_VALUE : latest))
        latest = h.latestPeriodEnd;
      // an hour is over once a later message has arrived
      boolean over = ctx.timeDomain() == TimeDomain.EVENT_TIME || latestArrival >= start + HOUR_MS;
      out.collect(
          update(
              ctx.getCurrentKey(),
              h,
              latest,
              over,
              eventTimeNow(ctx.timerService().currentWatermark())));
    }
    if (latest != null) latestPeriodEnd.update(latest);
    changed.clear();
    List<Long> old = new ArrayList<>();
    for (Long h : hours.keys()) if (!live || h + HOUR_MS + keepMs <= latestArrival) old.add(h);
    for (Long h : old) hours.remove(h);
  }

  /**
   * The engine's event time as far as this instance knows it: the latest period end of any unit, or
   * the watermark before one arrived (never the end of input's); null when neither is known.
   */
  private Long eventTimeNow(long watermark) {
    long known =
        Math.max(latestEventTime, watermark == Long.MAX_VALUE ? Long.MIN_VALUE : watermark);
    return known == Long.MIN_VALUE ? null : known;
  }

  /**
   * The point of one unit's hour. Its {@code asOf} is event time, as on every indicator: the latest
   * period end of the unit; for a unit that never sent a valid report (dead letters only), the
   * engine's event time {@code now}; the hour of arrival only when neither is known. With the wall
   * clock the hour of arrival is the day the message came, not the day it is about: on the bus it
   * would move the alerting job's clock to today while a recompute replays another day and make it
   * catch up every reminder in between.
   */
  public static IndicatorUpdate update(
      String unit, FeedHealthDelta h, Long latestPeriodEnd, boolean over, Long now) {
    InfluxPoint p = InfluxPoint.of(MEASUREMENT, h.hourStart);
    p.tags = new TreeMap<>(Map.of("scope", "unit", "unit", unit, "window", "1h"));
    p.longFields.put("records", h.records);
    p.longFields.put("unknown_unit", h.unknownUnit);
    p.longFields.put("unknown_service", h.unknownService);
    p.longFields.put("unknown_commune", h.unknownCommune);
    p.longFields.put("ended_district", h.endedDistrict);
    long dead = 0;
    for (Map.Entry<String, Long> e : h.deadLetters.entrySet()) {
      p.longFields.put("dead_letters_" + e.getKey().replace('-', '_'), e.getValue());
      dead += e.getValue();
    }
    p.longFields.put("dead_letters", dead);
    if (latestPeriodEnd != null && latestPeriodEnd > Long.MIN_VALUE)
      p.longFields.put("latest_period_end_ms", latestPeriodEnd);
    if (h.maxReportDelay > Long.MIN_VALUE)
      p.doubleFields.put("max_report_delay_s", h.maxReportDelay / 1000.0);
    long asOf = latestPeriodEnd != null ? latestPeriodEnd : now != null ? now : h.hourStart;
    return new IndicatorUpdate(p, h.hourStart + HOUR_MS, asOf, over);
  }
}
