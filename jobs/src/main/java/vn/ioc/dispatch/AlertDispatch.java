package vn.ioc.dispatch;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
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
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.WaitingInputs;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.SameTimePoints;
import vn.ioc.reference.Directory;

/**
 * Keyed by unit: turns alert events into notices for people, as Alertmanager separates detection
 * from notification, plus accountability.
 *
 * <ul>
 *   <li><b>Routing</b>: a firing alert goes to step 0 of the unit's escalation chain (its leader),
 *       to the item's responsible (matched by id, name or title in the directory) and to the rule's
 *       fixed recipients; a level change and a reminder go to everyone told so far, the resolution
 *       too.
 *   <li><b>Escalation</b>: while a firing alert is not acknowledged, step n of the chain is told
 *       once the first notice is the step's {@code after} old. Each escalation is an event too
 *       (FIRING, its step), so {@code ioc.alerts} shows it.
 *   <li><b>Reminders</b> every {@code renotify} while firing and not acknowledged.
 *   <li><b>Acknowledgement</b> ({@code ioc.alert-acks}): stops reminders and escalation; an
 *       ACKNOWLEDGED event and a record with {@code ack_seconds} (since the first notice). An ack
 *       of an alert that does not fire (any more) is recorded as {@code late-ack} and changes
 *       nothing.
 *   <li><b>Holding</b>: a notice due while the rule is muted (its mute windows, with the holiday
 *       calendar), the alert silenced ({@code ioc.alert-silences}), inhibited (a firing alert of
 *       the same unit whose rule lists this rule in {@code inhibits}) or flapping is held, and
 *       checked again when the hold can end: at the end of the mute window, every minute while
 *       silenced (a silence may be deleted early), when the inhibiting alert resolves, at the
 *       alert's next change. What is still true is told then (a resolution only to those who heard
 *       it fire; an alert that fired and resolved unheard is only recorded).
 * </ul>
 *
 * Time is the engine's: notices are stamped with the event's time or the timer's; no timer fires
 * beyond the clock's stop. Alert events and acknowledgements are applied on one time line: each
 * waits in keyed state until the watermark reaches its time (an ack's {@code at}, which the
 * notifier stamps with the engine's "now"), everything due by then (escalations, reminders, the end
 * of a hold) is done first, and the inputs of the same unit at the same time are applied in a fixed
 * order ({@link #SAME_TIME_ORDER}), so a bounded recompute, which reads the whole history before
 * any timer fires, decides as a live run does, whatever order its partitions are read in. An input
 * read behind the watermark is applied at once and counted ({@code lateInputs}). Notices go to the
 * {@link #NOTICES} side output (to be grouped per recipient), and every notice and acknowledgement
 * to {@link #RECORDS} (InfluxDB {@code alert_notifications}: tags {@code rule}, {@code unit},
 * {@code reason}; alert ids and people are fields). The main output is the alert events with
 * recipients and step ({@code ioc.alerts}).
 */
public final class AlertDispatch
    extends KeyedBroadcastProcessFunction<String, Dispatchable, DispatchControl, AlertEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<Notification.Notice> NOTICES =
      new OutputTag<>("notices", TypeInformation.of(Notification.Notice.class)) {};
  public static final OutputTag<InfluxPoint> RECORDS =
      new OutputTag<>("alert-notifications", TypeInformation.of(InfluxPoint.class)) {};

  public static final MapStateDescriptor<String, Silence> SILENCES =
      new MapStateDescriptor<>("alert-silences", Types.STRING, TypeInformation.of(Silence.class));

  private static final MapStateDescriptor<String, Tracked> TRACKED =
      new MapStateDescriptor<>("tracked-alerts", Types.STRING, TypeInformation.of(Tracked.class));

  /**
   * Alert events and acknowledgements waiting for the watermark, by the time they are released at
   * (their time minus 1 ms).
   */
  private static final MapStateDescriptor<Long, List<Dispatchable>> WAITING =
      WaitingInputs.descriptor("dispatch-inputs-waiting", Dispatchable.class);

  /**
   * The order of the inputs of one unit at the same time: alert events before acknowledgements (an
   * ack made as its alert fires counts), an inhibiting alert's events first (what it holds is then
   * held at once), then by alert id; the events of one alert keep the order they came in.
   */
  static final java.util.Comparator<Dispatchable> SAME_TIME_ORDER =
      java.util.Comparator.<Dispatchable, Boolean>comparing(d -> d.ack != null)
          .thenComparing(d -> d.event == null || d.event.inhibits.isEmpty())
          .thenComparing(d -> d.event != null ? d.event.alertId() : d.ack.alertId);

  /** How often a silenced notice is checked again (engine time): a silence may be deleted. */
  static final long RECHECK_MS = 60_000;

  public static final String LATE_ACK = "late-ack";
  public static final String ACKNOWLEDGED = "acknowledged";

  private final Directory directory;
  private final WorkingDays calendar;
  private final ZoneId zone;
  private final long until;

  private transient MapState<String, Tracked> tracked;
  private transient WaitingInputs<Dispatchable> waiting;
  private transient Counter lateInputs;
  private transient SameTimePoints sameTime;
  private transient Counter unrouted;

  /** Notices held, by why (counter {@code heldNotices}, group {@code reason}). */
  private transient Map<String, Counter> held;

  /**
   * @param directory people and escalation chains, without contact details
   * @param until no timer fires after it ({@link ClockStop#NO_UNTIL}: none)
   */
  public AlertDispatch(Directory directory, WorkingDays calendar, ZoneId zone, long until) {
    this.directory = directory;
    this.calendar = calendar;
    this.zone = zone;
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

  @Override
  public void processElement(Dispatchable d, ReadOnlyContext ctx, Collector<AlertEvent> out)
      throws Exception {
    long at = d.event != null ? d.event.at : d.ack.at;
    if (waiting.hold(d, at, ctx.timerService())) return;
    long watermark = ctx.timerService().currentWatermark();
    if (at <= watermark) lateInputs.inc();
    long now = Math.max(at, watermark);
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    if (ClockStop.allows(now, watermark, until, stop))
      recheck(now, ctx.getBroadcastState(SILENCES), ctx, out);
    apply(d, ctx, out);
  }

  @Override
  public void onTimer(long t, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    long watermark = ctx.timerService().currentWatermark();
    if (ClockStop.allows(t, watermark, until, stop))
      recheck(t, ctx.getBroadcastState(SILENCES), ctx, out);
    List<Dispatchable> due = waiting.release(t);
    if (due == null) return;
    // the inputs of time t + 1: what is due by then first
    if (ClockStop.allows(t + 1, watermark, until, stop))
      recheck(t + 1, ctx.getBroadcastState(SILENCES), ctx, out);
    due.sort(SAME_TIME_ORDER);
    for (Dispatchable d : due) apply(d, ctx, out);
  }

  private void apply(Dispatchable d, ReadOnlyContext ctx, Collector<AlertEvent> out)
      throws Exception {
    if (d.ack != null) acknowledge(d.ack, ctx, out);
    else apply(d.event, ctx, out);
  }

  /** Applies alert event {@code e} at its time. */
  private void apply(AlertEvent e, ReadOnlyContext ctx, Collector<AlertEvent> out)
      throws Exception {
    String id = e.alertId();
    Tracked tr = tracked.get(id);
    if (AlertEvent.FIRING.equals(e.state)) {
      boolean fresh = tr == null || !tr.firing();
      if (!fresh && e.level.equals(tr.alert.level) && tr.notifiedAt != Tracked.NEVER) {
        // the same level again (the series settled after flapping): nothing new to tell
        tr.alert = e;
        out.collect(record(e, tr, tr.notified));
        keep(id, tr, ctx);
        return;
      }
      if (fresh) tr = new Tracked();
      tr.alert = e;
      List<String> told =
          notifyOrHold(tr, Notification.FIRING, e.at, ctx.getBroadcastState(SILENCES), ctx);
      // who is told now; for a notice held, whom it is for
      out.collect(
          record(e, tr, !told.isEmpty() ? tr.notified : fresh ? firstRecipients(e) : tr.notified));
      keep(id, tr, ctx);
    } else {
      if (tr == null) {
        out.collect(record(e, null, List.of()));
      } else {
        tr.alert = e;
        out.collect(record(e, tr, tr.notified));
        if (tr.notifiedAt != Tracked.NEVER)
          notifyOrHold(tr, Notification.RESOLVED, e.at, ctx.getBroadcastState(SILENCES), ctx);
        keep(id, tr, ctx);
      }
      if (!e.inhibits.isEmpty()) recheck(e.at, ctx.getBroadcastState(SILENCES), ctx, out);
    }
  }

  /** Everything due at {@code t}: escalations, reminders, held notices whose hold has ended. */
  private void recheck(
      long t,
      ReadOnlyBroadcastState<String, Silence> silences,
      ReadOnlyContext ctx,
      Collector<AlertEvent> out)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (String id : tracked.keys()) ids.add(id);
    for (String id : ids) {
      Tracked tr = tracked.get(id);
      if (tr.owed != null) {
        Hold h = hold(tr.alert, t, silences);
        if (h == null) {
          String owed = tr.owed;
          tr.owed = null;
          deliver(tr, owed, t, ctx);
        } else {
          recheckAt(h, ctx);
        }
      }
      if (tr.firing() && !tr.acknowledged() && tr.notifiedAt != Tracked.NEVER) {
        if (tr.nextEscalation != Tracked.NEVER && tr.nextEscalation <= t) {
          tr.step++;
          tr.nextEscalation = escalationAt(tr);
          AlertEvent escalated = tr.alert.copy();
          escalated.at = t;
          List<String> to = new ArrayList<>(tr.notified);
          String next = chainPerson(tr, tr.step);
          if (next != null && !to.contains(next)) to.add(next);
          escalated.escalationStep = tr.step;
          out.collect(record(escalated, tr, to));
          notifyOrHold(tr, Notification.ESCALATION, t, silences, ctx);
        }
        if (tr.nextReminder != Tracked.NEVER && tr.nextReminder <= t) {
          tr.nextReminder = t + tr.alert.renotifyMs;
          notifyOrHold(tr, Notification.REMINDER, t, silences, ctx);
        }
      }
      keep(id, tr, ctx);
    }
  }

  private void acknowledge(Ack a, ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    Tracked tr = tracked.get(a.alertId);
    boolean effective = tr != null && tr.firing() && !tr.acknowledged();
    InfluxPoint p =
        InfluxPoint.of("alert_notifications", a.at)
            .tag("reason", effective ? ACKNOWLEDGED : LATE_ACK)
            .tag("unit", a.unit)
            .field("alert_id", a.alertId)
            .field("recipient", a.by);
    if (tr != null) {
      p.tag("rule", tr.alert.ruleId).field("step", (long) tr.step);
      if (tr.notifiedAt != Tracked.NEVER)
        p.field("ack_seconds", Math.max(0, a.at - tr.notifiedAt) / 1000.0);
    }
    if (a.comment != null) p.field("comment", a.comment);
    ctx.output(RECORDS, sameTime.number(p));
    if (!effective) return;
    tr.ackedBy = a.by;
    tr.nextReminder = Tracked.NEVER;
    tr.nextEscalation = Tracked.NEVER;
    if (Notification.REMINDER.equals(tr.owed) || Notification.ESCALATION.equals(tr.owed))
      tr.owed = null;
    AlertEvent acked = tr.alert.copy();
    acked.state = AlertEvent.ACKNOWLEDGED;
    acked.at = a.at;
    acked.acknowledgedBy = a.by;
    out.collect(record(acked, tr, tr.notified));
    tracked.put(a.alertId, tr);
  }

  @Override
  public void processBroadcastElement(DispatchControl c, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    if (c.silence == null) {
      ctx.getBroadcastState(ClockStop.STATE).put(ClockStop.KEY, c.stop);
      return;
    }
    var silences = ctx.getBroadcastState(SILENCES);
    if (c.silence.deleted) silences.remove(c.silence.id);
    else silences.put(c.silence.id, c.silence);
    // silences that ended before the engine's clock hold nothing any more
    long now = ctx.currentWatermark();
    List<String> ended = new ArrayList<>();
    for (Map.Entry<String, Silence> s : silences.entries())
      if (s.getValue().endsAt <= now) ended.add(s.getKey());
    for (String id : ended) silences.remove(id);
  }

  /** Tells what is due now and returns whom, or holds it (and checks again when it may end). */
  private List<String> notifyOrHold(
      Tracked tr,
      String reason,
      long t,
      ReadOnlyBroadcastState<String, Silence> silences,
      ReadOnlyContext ctx)
      throws Exception {
    Hold h = hold(tr.alert, t, silences);
    if (h == null) {
      // a notice still held goes with this one, as the weightier of the two
      String due = tr.owed != null && rank(tr.owed) > rank(reason) ? tr.owed : reason;
      tr.owed = null;
      return deliver(tr, due, t, ctx);
    }
    tr.owed = tr.owed == null || rank(reason) >= rank(tr.owed) ? reason : tr.owed;
    held.computeIfAbsent(
            h.reason(),
            r -> getRuntimeContext().getMetricGroup().addGroup("reason", r).counter("heldNotices"))
        .inc();
    recheckAt(h, ctx);
    return List.of();
  }

  /** A held notice is looked at again when its hold may end by time. */
  private static void recheckAt(Hold h, ReadOnlyContext ctx) {
    if (h.until() != Tracked.NEVER) ctx.timerService().registerEventTimeTimer(h.until());
  }

  /**
   * Why a notice is held, and until when at least: the end of the mute window; the silence's end,
   * or the next minute (a silence deleted early is noticed then); never, for what only an event
   * ends (inhibition, flapping).
   */
  record Hold(String reason, long until) {}

  /** Why a notice of {@code a} is held at {@code t}, or null when it may go. */
  Hold hold(AlertEvent a, long t, ReadOnlyBroadcastState<String, Silence> silences)
      throws Exception {
    if (a.flapping && AlertEvent.FIRING.equals(a.state)) return new Hold("flapping", Tracked.NEVER);
    long unmuted = MuteWindows.end(a.mutes, t, zone, calendar);
    if (unmuted != t) return new Hold("muted", unmuted == Long.MAX_VALUE ? Tracked.NEVER : unmuted);
    for (Map.Entry<String, Silence> s : silences.immutableEntries())
      if (s.getValue().holds(a, t))
        return new Hold(
            "silenced",
            Math.min(s.getValue().endsAt, (Math.floorDiv(t, RECHECK_MS) + 1) * RECHECK_MS));
    for (Tracked other : tracked.values())
      if (other.firing() && other.alert.inhibits.contains(a.ruleId))
        return new Hold("inhibited", Tracked.NEVER);
    return null;
  }

  /**
   * Sends the notices of {@code reason} to whom they concern, plans what follows, and returns whom
   * it told.
   */
  private List<String> deliver(Tracked tr, String reason, long t, ReadOnlyContext ctx) {
    AlertEvent a = tr.alert;
    if (!tr.firing()) reason = Notification.RESOLVED;
    boolean first = tr.notifiedAt == Tracked.NEVER;
    if (first && Notification.RESOLVED.equals(reason)) return List.of(); // resolved unheard
    if (first) reason = Notification.FIRING;
    List<String> to = new ArrayList<>();
    switch (reason) {
      case Notification.FIRING -> to.addAll(first ? firstRecipients(a) : tr.notified);
      case Notification.ESCALATION -> {
        for (int s = 1; s <= tr.step; s++) {
          String p = chainPerson(tr, s);
          if (p != null && !tr.notified.contains(p) && !to.contains(p)) to.add(p);
        }
      }
      default -> to.addAll(tr.notified);
    }
    if (to.isEmpty()) {
      if (first) unrouted.inc();
      return to;
    }
    for (String r : to) {
      ctx.output(NOTICES, notice(tr, reason, r, t));
      ctx.output(
          RECORDS,
          sameTime.number(
              InfluxPoint.of("alert_notifications", t)
                  .tag("rule", a.ruleId)
                  .tag("unit", a.unit)
                  .tag("reason", reason)
                  .field("alert_id", a.alertId())
                  .field("recipient", r)
                  .field("level", a.level)
                  .field("step", (long) tr.step)));
      if (!tr.notified.contains(r)) tr.notified.add(r);
    }
    if (first) {
      tr.notifiedAt = t;
      tr.nextEscalation = escalationAt(tr);
    }
    if (tr.firing()
        && a.renotifyMs > 0
        && !tr.acknowledged()
        && (first || !Notification.ESCALATION.equals(reason))) tr.nextReminder = t + a.renotifyMs;
    return to;
  }

  private Notification.Notice notice(Tracked tr, String reason, String recipient, long t) {
    AlertEvent a = tr.alert;
    Notification.Notice n = new Notification.Notice();
    n.alertId = a.alertId();
    n.rule = a.ruleId;
    n.unit = a.unit;
    n.unitName = a.unitName;
    n.state = a.state;
    n.reason = reason;
    n.level = a.level;
    n.value = a.value;
    n.threshold = a.threshold;
    n.since = a.since;
    n.escalationStep = tr.step;
    n.ackable = tr.firing() && !tr.acknowledged();
    n.message = a.message;
    n.recipient = recipient;
    Directory.Person p = directory.people().get(recipient);
    n.recipientName = p == null ? null : p.name();
    n.at = t;
    return n;
  }

  /** The unit's leader (step 0), the item's responsible and the rule's fixed recipients. */
  private List<String> firstRecipients(AlertEvent a) {
    Set<String> to = new LinkedHashSet<>();
    List<Directory.Step> chain = directory.chain(a.unit);
    if (!chain.isEmpty()) to.add(chain.get(0).person());
    Directory.Person responsible = directory.responsible(a.responsible, a.unit);
    if (responsible != null) to.add(responsible.id());
    to.addAll(a.recipients);
    return new ArrayList<>(to);
  }

  private String chainPerson(Tracked tr, int step) {
    List<Directory.Step> chain = directory.chain(tr.alert.unit);
    return step < chain.size() ? chain.get(step).person() : null;
  }

  /** When the next step of the chain is due, or never. */
  private long escalationAt(Tracked tr) {
    List<Directory.Step> chain = directory.chain(tr.alert.unit);
    int next = tr.step + 1;
    return next < chain.size() ? tr.notifiedAt + chain.get(next).after().toMillis() : Tracked.NEVER;
  }

  /** Stores {@code tr} with its timers, or forgets it once its resolution is told. */
  private void keep(String id, Tracked tr, ReadOnlyContext ctx) throws Exception {
    if (!tr.firing() && tr.owed == null) {
      tracked.remove(id);
      return;
    }
    tracked.put(id, tr);
    // Reminders and escalations go to a firing, unacknowledged alert only (recheck skips them
    // otherwise). A resolved alert whose notice is still held keeps its last reminder time: its
    // timer, already due, would be registered again as it fires and fire again without end.
    if (!tr.firing() || tr.acknowledged()) return;
    if (tr.nextEscalation != Tracked.NEVER)
      ctx.timerService().registerEventTimeTimer(tr.nextEscalation);
    if (tr.nextReminder != Tracked.NEVER)
      ctx.timerService().registerEventTimeTimer(tr.nextReminder);
  }

  /** The alert event as {@code ioc.alerts} shows it: with its recipients and step. */
  private static AlertEvent record(AlertEvent e, Tracked tr, List<String> recipients) {
    AlertEvent r = e.copy();
    r.recipients = new ArrayList<>(recipients);
    r.escalationStep = tr == null ? 0 : Math.max(tr.step, e.escalationStep);
    if (tr != null && r.acknowledgedBy == null) r.acknowledgedBy = tr.ackedBy;
    return r;
  }

  private static int rank(String reason) {
    return switch (reason) {
      case Notification.REMINDER -> 0;
      case Notification.FIRING -> 1;
      case Notification.ESCALATION -> 2;
      default -> 3;
    };
  }
}
