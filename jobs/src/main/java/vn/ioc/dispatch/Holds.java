package vn.ioc.dispatch;

import java.time.ZoneId;
import java.util.function.Supplier;
import vn.ioc.alerting.AlertChange;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertMessages;
import vn.ioc.calendar.WorkingDays;

/**
 * Whether a notice may go now, apart from whom it goes to (as Alertmanager keeps inhibition and
 * silences apart from routing): a notice is held while its series is flapping, while the rule is
 * muted (its mute windows, with the holiday calendar), while a silence matches the alert, and while
 * a firing alert of the same unit whose rule lists this rule in {@code inhibits} fires.
 */
final class Holds implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** How often a silenced notice is checked again (engine time): a silence may be deleted. */
  static final long RECHECK_MS = 60_000;

  private final WorkingDays calendar;
  private final ZoneId zone;
  private final Routing routing;

  Holds(WorkingDays calendar, ZoneId zone, Routing routing) {
    this.calendar = calendar;
    this.zone = zone;
    this.routing = routing;
  }

  /**
   * Why a notice is held ({@code why}: said to people), and until when at least: the end of the
   * mute window; the silence's end, or the next minute (a silence deleted early is noticed then);
   * never, for what only an event ends (inhibition, flapping).
   */
  record Hold(HoldReason reason, long until, Supplier<String> why) {}

  /** Why a notice of {@code a} is held at {@code t}, or null when it may go. */
  Hold at(AlertEvent a, long t, Dispatcher.Desk desk) throws Exception {
    if (a.flapping && a.state == AlertChange.FIRING)
      return new Hold(HoldReason.FLAPPING, Tracked.NEVER, () -> "chuỗi đang dao động, chờ ổn định");
    long unmuted = MuteWindows.end(a.mutes, t, zone, calendar);
    if (unmuted != t)
      return unmuted == Long.MAX_VALUE
          ? new Hold(
              HoldReason.MUTED, Tracked.NEVER, () -> "trong khung tắt tiếng của quy tắc " + a.mutes)
          : new Hold(
              HoldReason.MUTED,
              unmuted,
              () ->
                  "trong khung tắt tiếng của quy tắc "
                      + a.mutes
                      + ", đến "
                      + AlertMessages.localTime(unmuted, zone));
    Silence s = desk.silencing(a, t);
    if (s != null)
      return new Hold(
          HoldReason.SILENCED,
          Math.min(s.endsAt, (Math.floorDiv(t, RECHECK_MS) + 1) * RECHECK_MS),
          () ->
              "bị tạm im lặng bởi "
                  + s.id
                  + (s.createdBy == null ? "" : " (" + routing.person(s.createdBy) + ")")
                  + ", đến "
                  + AlertMessages.localTime(s.endsAt, zone));
    for (String other : desk.alertIds()) {
      Tracked o = desk.tracked(other);
      if (o.firing() && o.alert.inhibits.contains(a.ruleId))
        return new Hold(
            HoldReason.INHIBITED,
            Tracked.NEVER,
            () -> "bị kìm bởi cảnh báo đang phát " + o.alert.alertId());
    }
    return null;
  }
}
