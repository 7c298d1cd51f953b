package vn.ioc.dispatch;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertingState;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.WaitingInputs;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.SameTimePoints;
import vn.ioc.reference.Directory;

/**
 * Keyed by unit: turns alert events into notices for people by the {@link Dispatcher}'s procedure
 * (routing, escalation, reminders, acknowledgements, holding), on Flink's keyed state and
 * event-time timers.
 *
 * <p>Time is the engine's: notices are stamped with the event's time or the timer's; no timer fires
 * beyond the clock's stop. Alert events and acknowledgements are applied on one time line: each
 * waits in keyed state until the watermark reaches its time (an ack's {@code at}, which the
 * notifier stamps with the engine's "now"), everything due by then (escalations, reminders, the end
 * of a hold) is done first, and the inputs of the same unit at the same time are applied in a fixed
 * order ({@link Dispatcher#SAME_TIME_ORDER}), so a bounded recompute, which reads the whole history
 * before any timer fires, decides as a live run does, whatever order its partitions are read in. An
 * input read behind the watermark is applied at once and counted ({@code lateInputs}). Silences are
 * kept as versions by the time they take effect ({@link SilenceVersions}), so a silence read late
 * holds from its own time on in every recompute. Notices go to the {@link #NOTICES} side output (to
 * be grouped per recipient), and every notice and acknowledgement to {@link #RECORDS} (InfluxDB
 * {@code alert_notifications}: tags {@code rule}, {@code unit}, {@code reason}; alert ids and
 * people are fields). The main output is the alert events with recipients and step ({@code
 * ioc.alerts}).
 */
public final class AlertDispatch
    extends KeyedBroadcastProcessFunction<String, Dispatchable, DispatchControl, AlertEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<Notification.Notice> NOTICES =
      new OutputTag<>("notices", TypeInformation.of(Notification.Notice.class)) {};
  public static final OutputTag<InfluxPoint> RECORDS =
      new OutputTag<>("alert-notifications", TypeInformation.of(InfluxPoint.class)) {};

  public static final MapStateDescriptor<String, SilenceVersions> SILENCES =
      new MapStateDescriptor<>(
          AlertingState.SILENCE_VERSIONS, Types.STRING, TypeInformation.of(SilenceVersions.class));

  private static final MapStateDescriptor<String, Tracked> TRACKED =
      new MapStateDescriptor<>(
          AlertingState.TRACKED_ALERTS, Types.STRING, TypeInformation.of(Tracked.class));

  /**
   * Alert events and acknowledgements waiting for the watermark, by the time they are released at
   * (their time minus 1 ms).
   */
  private static final MapStateDescriptor<Long, List<Dispatchable>> WAITING =
      WaitingInputs.descriptor(AlertingState.DISPATCH_INPUTS_WAITING, Dispatchable.class);

  private final Dispatcher dispatcher;
  private final long until;

  private transient MapState<String, Tracked> tracked;
  private transient WaitingInputs<Dispatchable> waiting;
  private transient Counter lateInputs;
  private transient SameTimePoints sameTime;
  private transient Counter unrouted;

  /** Notices held, by why (counter {@code heldNotices}, group {@code reason}). */
  private transient Map<HoldReason, Counter> held;

  /**
   * @param directory people and escalation chains, without contact details
   * @param until no timer fires after it ({@link ClockStop#NO_UNTIL}: none)
   */
  public AlertDispatch(Directory directory, WorkingDays calendar, ZoneId zone, long until) {
    this.dispatcher = new Dispatcher(directory, calendar, zone);
    this.until = until;
  }

  @Override
  public void open(OpenContext ctx) {
    tracked = getRuntimeContext().getMapState(TRACKED);
    waiting = new WaitingInputs<>(getRuntimeContext().getMapState(WAITING));
    lateInputs = getRuntimeContext().getMetricGroup().counter("lateInputs");
    sameTime = new SameTimePoints();
    unrouted = getRuntimeContext().getMetricGroup().counter("unroutedAlerts");
    held = new java.util.HashMap<>();
  }

  /** Inputs applied behind the watermark so far (the counter {@code lateInputs}). */
  long lateInputs() {
    return lateInputs.getCount();
  }

  @Override
  public void processElement(Dispatchable d, ReadOnlyContext ctx, Collector<AlertEvent> out)
      throws Exception {
    long at = d.event != null ? d.event.at : d.ack.at;
    if (waiting.hold(d, at, ctx.timerService())) return;
    long watermark = ctx.timerService().currentWatermark();
    if (at <= watermark) lateInputs.inc();
    long now = Math.max(at, watermark);
    Desk desk = new Desk(ctx, out);
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    if (ClockStop.allows(now, watermark, until, stop)) dispatcher.recheck(now, desk);
    dispatcher.apply(d, desk);
  }

  @Override
  public void onTimer(long t, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    Desk desk = new Desk(ctx, out);
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    long watermark = ctx.timerService().currentWatermark();
    if (ClockStop.allows(t, watermark, until, stop)) dispatcher.recheck(t, desk);
    List<Dispatchable> due = waiting.release(t);
    if (due == null) return;
    // the inputs of time t + 1: what is due by then first
    if (ClockStop.allows(t + 1, watermark, until, stop)) dispatcher.recheck(t + 1, desk);
    due.sort(Dispatcher.SAME_TIME_ORDER);
    for (Dispatchable d : due) dispatcher.apply(d, desk);
  }

  @Override
  public void processBroadcastElement(DispatchControl c, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    if (c.silence == null) {
      ctx.getBroadcastState(ClockStop.STATE).put(ClockStop.KEY, c.stop);
      return;
    }
    BroadcastState<String, SilenceVersions> silences = ctx.getBroadcastState(SILENCES);
    SilenceVersions v = silences.get(c.silence.id);
    v = v == null ? new SilenceVersions() : v.copy();
    v.put(c.silence);
    // versions that ended before the engine's clock hold nothing any more
    long now = ctx.currentWatermark();
    if (v.endedBy(now)) silences.remove(c.silence.id);
    else silences.put(c.silence.id, v);
    List<String> ended = new ArrayList<>();
    for (Map.Entry<String, SilenceVersions> s : silences.entries())
      if (s.getValue().endedBy(now)) ended.add(s.getKey());
    for (String id : ended) silences.remove(id);
  }

  /** The dispatcher's desk on this key's state, timers and outputs. */
  private final class Desk implements Dispatcher.Desk {
    private final ReadOnlyContext ctx;
    private final Collector<AlertEvent> out;
    private final ReadOnlyBroadcastState<String, SilenceVersions> silences;

    Desk(ReadOnlyContext ctx, Collector<AlertEvent> out) {
      this.ctx = ctx;
      this.out = out;
      this.silences = ctx.getBroadcastState(SILENCES);
    }

    @Override
    public Tracked tracked(String alertId) throws Exception {
      return tracked.get(alertId);
    }

    @Override
    public void keep(String alertId, Tracked tr) throws Exception {
      tracked.put(alertId, tr);
    }

    @Override
    public void forget(String alertId) throws Exception {
      tracked.remove(alertId);
    }

    @Override
    public List<String> alertIds() throws Exception {
      List<String> ids = new ArrayList<>();
      for (String id : tracked.keys()) ids.add(id);
      ids.sort(null);
      return ids;
    }

    @Override
    public Silence silencing(AlertEvent a, long t) throws Exception {
      return SilenceVersions.holding(silences.immutableEntries(), a, t);
    }

    @Override
    public void wakeAt(long t) {
      ctx.timerService().registerEventTimeTimer(t);
    }

    @Override
    public void event(AlertEvent e) {
      out.collect(e);
    }

    @Override
    public void notice(Notification.Notice n) {
      ctx.output(NOTICES, n);
    }

    @Override
    public void record(InfluxPoint p) {
      ctx.output(RECORDS, sameTime.number(p));
    }

    @Override
    public void held(HoldReason reason) {
      held.computeIfAbsent(
              reason,
              r ->
                  getRuntimeContext()
                      .getMetricGroup()
                      .addGroup("reason", r.code())
                      .counter("heldNotices"))
          .inc();
    }

    @Override
    public void unrouted() {
      unrouted.inc();
    }
  }
}
