package vn.ioc.dispatch;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import vn.ioc.alerting.AlertChange;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertMessages;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.SameTimePoints;
import vn.ioc.reference.Directory;

/**
 * The dispatch's decisions for the alerts of one unit, as Alertmanager separates detection from
 * notification, plus accountability. One procedure for the alerting job ({@link AlertDispatch}, on
 * Flink state and timers) and for the replay of {@code rules test} ({@link DispatchReplay}, in
 * memory), so both decide alike.
 *
 * <ul>
 *   <li><b>Routing</b> ({@link Routing}): a firing alert goes to step 0 of the unit's escalation
 *       chain (its leader), to the item's responsible (matched by id, name or title in the
 *       directory) and to the rule's fixed recipients; a level change and a reminder go to everyone
 *       told so far, the resolution too. A person on leave ({@code leave.csv}) is told through
 *       their deputy on those days ({@code on_behalf_of} in the record).
 *   <li><b>Escalation</b>: while a firing alert is not acknowledged, step n of the chain is told
 *       once the first notice is the step's {@code after} old. Each escalation is an event too
 *       (FIRING, its step), so {@code ioc.alerts} shows it.
 *   <li><b>Reminders</b> every {@code renotify} while firing and not acknowledged, with the value
 *       now: a firing alert's value that moves without a change of level comes as a value only
 *       ({@link Dispatchable#valueOnly}), which tells nobody.
 *   <li><b>Acknowledgement</b>: stops reminders and escalation; an ACKNOWLEDGED event and a record
 *       with {@code ack_seconds} (since the first notice) and the episode ({@code since_ms}). An
 *       ack of an alert that does not fire (any more), or of another firing episode than the one it
 *       names, is recorded as {@code late-ack} and changes nothing.
 *   <li><b>Holding</b> ({@link Holds}): a notice due while the rule is muted (its mute windows,
 *       with the holiday calendar), the alert silenced, inhibited (a firing alert of the same unit
 *       whose rule lists this rule in {@code inhibits}) or flapping is held, and checked again when
 *       the hold can end: at the end of the mute window, every minute while silenced (a silence may
 *       be deleted early), when the inhibiting alert resolves, at the alert's next change. What is
 *       still true is told then (a resolution only to those who heard it fire; an alert that fired
 *       and resolved unheard is only recorded). A notice still held goes with the next one told, as
 *       the weightier of the two, once.
 * </ul>
 *
 * Every decision can be explained ({@link Desk#explain}), in Vietnamese: what was told to whom, and
 * what held what, and until when.
 */
public final class Dispatcher implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public static final String LATE_ACK = "late-ack";
  public static final String ACKNOWLEDGED = "acknowledged";

  /**
   * The order of the inputs of one unit at the same time: alert events before acknowledgements (an
   * ack made as its alert fires counts), an inhibiting alert's events first (what it holds is then
   * held at once), then by alert id; the events of one alert keep the order they came in.
   */
  public static final java.util.Comparator<Dispatchable> SAME_TIME_ORDER =
      java.util.Comparator.<Dispatchable, Boolean>comparing(d -> d.ack != null)
          .thenComparing(d -> d.event == null || d.event.inhibits.isEmpty())
          .thenComparing(d -> d.event != null ? d.event.alertId() : d.ack.alertId);

  /** What the procedure works with for one unit: its tracked alerts, timers and outputs. */
  public interface Desk {
    Tracked tracked(String alertId) throws Exception;

    void keep(String alertId, Tracked tr) throws Exception;

    void forget(String alertId) throws Exception;

    /** The ids of the unit's tracked alerts, in order. */
    List<String> alertIds() throws Exception;

    /** The silence that holds the notices of {@code a} at {@code t} (the first by id), or null. */
    Silence silencing(AlertEvent a, long t) throws Exception;

    /** Asks to be called ({@link #recheck}) at {@code t}. */
    void wakeAt(long t);

    /** An alert event as {@code ioc.alerts} shows it. */
    void event(AlertEvent e);

    void notice(Notification.Notice n);

    /** A record of {@code alert_notifications}. */
    void record(InfluxPoint p);

    /** A notice held, by why. */
    void held(HoldReason reason);

    /** A firing alert with nobody to tell. */
    void unrouted();

    /**
     * One step of the alert's story, for {@code rules test --explain}; the text is made only when
     * asked for (the job does not).
     */
    default void explain(String alertId, long t, java.util.function.Supplier<String> what) {}
  }

  private final Routing routing;
  private final Holds holds;
  private final ZoneId zone;

  public Dispatcher(Directory directory, WorkingDays calendar, ZoneId zone) {
    this.routing = new Routing(directory);
    this.holds = new Holds(calendar, zone, routing);
    this.zone = zone;
  }

  /** Applies an input (alert event or acknowledgement) at its time. */
  public void apply(Dispatchable d, Desk desk) throws Exception {
    if (d.ack != null) acknowledge(d.ack, desk);
    else if (d.valueOnly) refresh(d.event, desk);
    else apply(d.event, desk);
  }

  /**
   * A firing alert's value now (no change of level): what its next reminder or escalation says.
   * Tells nobody and changes no plan.
   */
  private static void refresh(AlertEvent e, Desk desk) throws Exception {
    Tracked tr = desk.tracked(e.alertId());
    if (tr == null || !tr.firing() || tr.alert.level != e.level) return;
    tr.alert.value = e.value;
    tr.alert.message = e.message;
    tr.alert.sms = e.sms;
    desk.keep(e.alertId(), tr);
  }

  private void apply(AlertEvent e, Desk desk) throws Exception {
    String id = e.alertId();
    Tracked tr = desk.tracked(id);
    if (e.state == AlertChange.FIRING) {
      boolean fresh = tr == null || !tr.firing();
      if (!fresh && e.level == tr.alert.level && tr.notifiedAt != Tracked.NEVER) {
        tr.alert = e;
        desk.explain(
            id,
            e.at,
            () ->
                "vẫn phát ở mức " + AlertMessages.levelName(e.level) + ": không có gì mới để báo");
        desk.event(record(e, tr, tr.notified));
        keep(id, tr, desk);
        return;
      }
      if (fresh) tr = new Tracked();
      desk.explain(
          id,
          e.at,
          () ->
              (fresh ? "cảnh báo phát, mức " : "đổi mức: ")
                  + AlertMessages.levelName(e.level)
                  + (e.flapping ? " (chuỗi đang dao động)" : ""));
      tr.alert = e;
      List<String> told = notifyOrHold(tr, NoticeReason.FIRING, e.at, desk);
      // who is told now; for a notice held, whom it is for
      desk.event(
          record(
              e,
              tr,
              !told.isEmpty() ? tr.notified : fresh ? routing.firstRecipients(e) : tr.notified));
      keep(id, tr, desk);
    } else {
      desk.explain(id, e.at, () -> "hết cảnh báo");
      if (tr == null) {
        desk.event(record(e, null, List.of()));
      } else {
        tr.alert = e;
        desk.event(record(e, tr, tr.notified));
        if (tr.notifiedAt != Tracked.NEVER) notifyOrHold(tr, NoticeReason.RESOLVED, e.at, desk);
        else desk.explain(id, e.at, () -> "hết trước khi có ai được báo: chỉ ghi lại");
        keep(id, tr, desk);
      }
      if (!e.inhibits.isEmpty()) recheck(e.at, desk);
    }
  }

  /** Everything due at {@code t}: escalations, reminders, held notices whose hold has ended. */
  public void recheck(long t, Desk desk) throws Exception {
    for (String id : desk.alertIds()) {
      Tracked tr = desk.tracked(id);
      if (tr.owed != null) {
        Holds.Hold h = holds.at(tr.alert, t, desk);
        if (h == null) {
          NoticeReason owed = tr.owed;
          tr.owed = null;
          desk.explain(id, t, () -> "hết giữ");
          deliver(tr, owed, t, desk);
        } else {
          recheckAt(h, desk);
        }
      }
      if (tr.firing() && !tr.acknowledged() && tr.notifiedAt != Tracked.NEVER) {
        if (tr.nextEscalation != Tracked.NEVER && tr.nextEscalation <= t) {
          tr.step++;
          tr.nextEscalation = routing.escalationAt(tr);
          AlertEvent escalated = tr.alert.copy();
          escalated.at = t;
          List<String> to = new ArrayList<>(tr.notified);
          String next = routing.chainPerson(tr, tr.step);
          if (next != null && !to.contains(next)) to.add(next);
          escalated.escalationStep = tr.step;
          desk.explain(id, t, () -> "chưa được xác nhận: leo thang bậc " + tr.step);
          desk.event(record(escalated, tr, to));
          notifyOrHold(tr, NoticeReason.ESCALATION, t, desk);
        }
        if (tr.nextReminder != Tracked.NEVER && tr.nextReminder <= t) {
          tr.nextReminder = t + tr.alert.renotifyMs;
          notifyOrHold(tr, NoticeReason.REMINDER, t, desk);
        }
      }
      keep(id, tr, desk);
    }
  }

  private void acknowledge(Ack a, Desk desk) throws Exception {
    Tracked tr = desk.tracked(a.alertId);
    // an ack names the episode its link was sent for: it never acknowledges a later one
    boolean otherEpisode = tr != null && a.since != Ack.ANY_EPISODE && a.since != tr.alert.since;
    boolean effective = tr != null && tr.firing() && !tr.acknowledged() && !otherEpisode;
    InfluxPoint p =
        InfluxPoint.of("alert_notifications", a.at)
            .tag("reason", effective ? ACKNOWLEDGED : LATE_ACK)
            .tag("unit", a.unit)
            .field("alert_id", a.alertId)
            .field("recipient", a.by);
    long episode = a.since != Ack.ANY_EPISODE || tr == null ? a.since : tr.alert.since;
    if (episode != Ack.ANY_EPISODE) p.field("since_ms", episode);
    if (tr != null) {
      p.tag("rule", tr.alert.ruleId).field("step", (long) tr.step);
      if (tr.notifiedAt != Tracked.NEVER && !otherEpisode)
        p.field("ack_seconds", Math.max(0, a.at - tr.notifiedAt) / 1000.0);
    }
    if (a.comment != null) p.field("comment", a.comment);
    desk.record(p);
    if (!effective) {
      desk.explain(
          a.alertId,
          a.at,
          () ->
              routing.person(a.by)
                  + (otherEpisode
                      ? " xác nhận một lần phát khác của cảnh báo, không phải lần đang theo dõi"
                      : " xác nhận khi cảnh báo không (còn) phát"
                          + (tr != null && tr.acknowledged() ? " hoặc đã được xác nhận" : ""))
                  + ": chỉ ghi lại");
      return;
    }
    desk.explain(
        a.alertId, a.at, () -> routing.person(a.by) + " xác nhận: dừng nhắc lại và leo thang");
    tr.ackedBy = a.by;
    tr.nextReminder = Tracked.NEVER;
    tr.nextEscalation = Tracked.NEVER;
    if (tr.owed == NoticeReason.REMINDER || tr.owed == NoticeReason.ESCALATION) tr.owed = null;
    AlertEvent acked = tr.alert.copy();
    acked.state = AlertChange.ACKNOWLEDGED;
    acked.at = a.at;
    acked.acknowledgedBy = a.by;
    desk.event(record(acked, tr, tr.notified));
    desk.keep(a.alertId, tr);
  }

  /** Tells what is due now and returns whom, or holds it (and checks again when it may end). */
  private List<String> notifyOrHold(Tracked tr, NoticeReason reason, long t, Desk desk)
      throws Exception {
    Holds.Hold h = holds.at(tr.alert, t, desk);
    if (h == null) {
      // a notice still held goes with this one, as the weightier of the two
      NoticeReason due = tr.owed != null && tr.owed.compareTo(reason) > 0 ? tr.owed : reason;
      tr.owed = null;
      return deliver(tr, due, t, desk);
    }
    tr.owed = tr.owed == null || reason.compareTo(tr.owed) >= 0 ? reason : tr.owed;
    desk.explain(
        tr.alert.alertId(), t, () -> "giữ thông báo " + reason.vietnamese() + ": " + h.why().get());
    desk.held(h.reason());
    recheckAt(h, desk);
    return List.of();
  }

  /** A held notice is looked at again when its hold may end by time. */
  private static void recheckAt(Holds.Hold h, Desk desk) {
    if (h.until() != Tracked.NEVER) desk.wakeAt(h.until());
  }

  /**
   * Sends the notices of {@code reason} to whom they concern, plans what follows, and returns whom
   * it told.
   */
  private List<String> deliver(Tracked tr, NoticeReason reason, long t, Desk desk) {
    AlertEvent a = tr.alert;
    if (!tr.firing()) reason = NoticeReason.RESOLVED;
    boolean first = tr.notifiedAt == Tracked.NEVER;
    if (first && reason == NoticeReason.RESOLVED) {
      desk.explain(a.alertId(), t, () -> "hết trước khi có ai được báo: chỉ ghi lại");
      return List.of();
    }
    if (first) reason = NoticeReason.FIRING;
    List<String> to = new ArrayList<>();
    switch (reason) {
      case FIRING -> to.addAll(first ? routing.firstRecipients(a) : tr.notified);
      case ESCALATION -> {
        for (int s = 1; s <= tr.step; s++) {
          String p = routing.chainPerson(tr, s);
          if (p != null && !tr.notified.contains(p) && !to.contains(p)) to.add(p);
        }
      }
      default -> to.addAll(tr.notified);
    }
    if (to.isEmpty()) {
      if (first) {
        desk.unrouted();
        desk.explain(
            a.alertId(),
            t,
            () ->
                "không có ai để báo: đơn vị "
                    + a.unit
                    + " không có chuỗi leo thang, không có người phụ trách, quy tắc không có người"
                    + " nhận");
      }
      return to;
    }
    java.time.LocalDate day = java.time.Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    for (String r : to) {
      // while the person is on leave, their deputy hears it in their stead
      String standIn = routing.standIn(r, day);
      InfluxPoint p =
          InfluxPoint.of("alert_notifications", t)
              .tag("rule", a.ruleId)
              .tag("unit", a.unit)
              .tag("reason", reason.code())
              .field("alert_id", a.alertId())
              .field("recipient", standIn)
              .field("level", a.level.code())
              .field("step", (long) tr.step);
      if (!standIn.equals(r)) p.field("on_behalf_of", r);
      desk.record(p);
      Notification.Notice n = notice(tr, reason, standIn, t);
      if (!standIn.equals(r)) n.onBehalfOf = routing.nameOrId(r);
      n.sameTime = p.tags.get(SameTimePoints.TAG);
      desk.notice(n);
      if (!tr.notified.contains(r)) tr.notified.add(r);
    }
    String said = reason.vietnamese();
    desk.explain(
        a.alertId(),
        t,
        () ->
            "báo " + said + " cho " + String.join(", ", to.stream().map(routing::person).toList()));
    if (first) {
      tr.notifiedAt = t;
      tr.nextEscalation = routing.escalationAt(tr);
    }
    if (tr.firing()
        && a.renotifyMs > 0
        && !tr.acknowledged()
        && (first || reason != NoticeReason.ESCALATION)) tr.nextReminder = t + a.renotifyMs;
    return to;
  }

  private Notification.Notice notice(Tracked tr, NoticeReason reason, String recipient, long t) {
    AlertEvent a = tr.alert;
    Notification.Notice n = new Notification.Notice();
    n.alertId = a.alertId();
    n.rule = a.ruleId;
    n.unit = a.unit;
    n.unitName = a.unitName;
    n.state = a.state.name();
    n.reason = reason;
    n.level = a.level.code();
    n.value = a.value;
    n.threshold = a.threshold;
    n.since = a.since;
    n.escalationStep = tr.step;
    n.ackable = tr.firing() && !tr.acknowledged();
    n.message = a.message;
    n.sms = a.sms;
    if (tr.ackedBy != null) n.acknowledgedBy = routing.nameOrId(tr.ackedBy);
    n.recipient = recipient;
    n.recipientName = routing.name(recipient);
    n.at = t;
    return n;
  }

  /** Stores {@code tr} with its timers, or forgets it once its resolution is told. */
  private static void keep(String id, Tracked tr, Desk desk) throws Exception {
    if (!tr.firing() && tr.owed == null) {
      desk.forget(id);
      return;
    }
    desk.keep(id, tr);
    // Reminders and escalations go to a firing, unacknowledged alert only (recheck skips them
    // otherwise). A resolved alert whose notice is still held keeps its last reminder time: its
    // timer, already due, would be registered again as it fires and fire again without end.
    if (!tr.firing() || tr.acknowledged()) return;
    if (tr.nextEscalation != Tracked.NEVER) desk.wakeAt(tr.nextEscalation);
    if (tr.nextReminder != Tracked.NEVER) desk.wakeAt(tr.nextReminder);
  }

  /** The alert event as {@code ioc.alerts} shows it: with its recipients and step. */
  private static AlertEvent record(AlertEvent e, Tracked tr, List<String> recipients) {
    AlertEvent r = e.copy();
    r.recipients = new ArrayList<>(recipients);
    r.escalationStep = tr == null ? 0 : Math.max(tr.step, e.escalationStep);
    if (tr != null && r.acknowledgedBy == null) r.acknowledgedBy = tr.ackedBy;
    return r;
  }
}
