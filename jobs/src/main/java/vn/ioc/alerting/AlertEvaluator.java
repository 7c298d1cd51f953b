package vn.ioc.alerting;

import java.util.ArrayList;
import java.util.List;

/**
 * The alert state machine of one rule on one series, as a pure function of the rule, the state and
 * what happens: an indicator update (value, volume, event time) or the engine's clock moving. Time
 * comes only from those inputs, never from the wall clock, so tests, replays and backtests decide
 * alike.
 *
 * <ul>
 *   <li><b>Levels and hysteresis</b>: an update breaches a level when its value is past the
 *       threshold in the rule's direction; a firing level holds until the value is back past its
 *       reset. Critical goes before warning.
 *   <li><b>Minimum volume</b>: an update whose volume field is below the minimum is not judged (one
 *       application at 08:00 is not a 0 % day); it still counts as data.
 *   <li><b>Pending</b>: OK → PENDING at the first breach; → FIRING once the breach has lasted
 *       {@code for} (event time: the update's {@code asOf}); back to OK, silently, if it recovers
 *       first. With {@code for} 0 it fires at once.
 *   <li><b>Firing</b>: a level change while firing is a new FIRING event; recovery is RESOLVED.
 *   <li><b>No data</b>: when the engine's clock is {@code noData.after} past the series' last
 *       update, it fires {@code nodata}, stamped at that update plus {@code after} (or keeps its
 *       state with {@code action: keep}); the next update judges it afresh.
 *   <li><b>Episodes</b>: {@code since} is when the alert started firing and stays so until it
 *       resolves, through level changes (no data included) and a settling series; an
 *       acknowledgement names the episode it is for by it.
 *   <li><b>Flapping</b> (as Kapacitor): over the last {@value #HISTORY} judged updates, the share
 *       of level changes; above {@value #FLAP_HIGH} the series is flapping, below {@value
 *       #FLAP_LOW} it has settled. Events are still emitted, marked flapping, so delivery can hold
 *       them; a series that settles while firing emits FIRING again, not flapping, so what was held
 *       can go.
 * </ul>
 */
public final class AlertEvaluator {
  public static final int HISTORY = 10;
  public static final double FLAP_HIGH = 0.5;
  public static final double FLAP_LOW = 0.25;

  private AlertEvaluator() {}

  /**
   * An update of the series.
   *
   * @param volume the rule's volume field in the same update, NaN when absent
   * @param asOf the update's event time
   * @param now the engine time it arrived at (for no-data)
   */
  public static List<AlertEvent> update(
      AlertRule rule,
      String series,
      AlertState s,
      double value,
      double volume,
      long asOf,
      long now) {
    s.lastSeen = Math.max(s.lastSeen, now);
    if (rule.minVolume() != null && !(volume >= rule.minVolume().atLeast())) return List.of();
    AlertLevel target = target(rule, s, value);
    List<AlertEvent> out = new ArrayList<>();
    boolean wasFlapping = s.flapping;
    remember(s, target);
    switch (s.phase) {
      case OK -> {
        if (target != null) {
          s.phase = AlertPhase.PENDING;
          s.pendingLevel = target;
          s.pendingSince = asOf;
          fireIfDue(rule, series, s, value, asOf, out);
        }
      }
      case PENDING -> {
        if (target == null) {
          reset(s);
        } else {
          s.pendingLevel = target;
          fireIfDue(rule, series, s, value, asOf, out);
        }
      }
      default -> { // FIRING
        if (target == null) {
          out.add(event(rule, series, s, AlertChange.RESOLVED, s.level, value, asOf));
          reset(s);
        } else if (target != s.level) {
          s.level = target;
          out.add(event(rule, series, s, AlertChange.FIRING, target, value, asOf));
        }
      }
    }
    // a series that settles while firing says so: its held notifications may go now
    if (wasFlapping && !s.flapping && out.isEmpty() && s.phase == AlertPhase.FIRING)
      out.add(event(rule, series, s, AlertChange.FIRING, s.level, value, asOf));
    s.value = s.phase == AlertPhase.FIRING ? value : Double.NaN;
    return out;
  }

  /**
   * The firing alert as it stands after an update that moved its value but changed nothing else (no
   * event): what a reminder says is the figure now, not the one it fired at. Null when the update
   * changed nothing of it.
   *
   * @param before the state's {@link AlertState#value} before the update
   * @param raised the events the update raised
   */
  public static AlertEvent valueNow(
      AlertRule rule,
      String series,
      AlertState s,
      double before,
      List<AlertEvent> raised,
      long asOf) {
    if (!raised.isEmpty() || s.phase != AlertPhase.FIRING || Double.compare(before, s.value) == 0)
      return null;
    return event(rule, series, s, AlertChange.FIRING, s.level, s.value, asOf);
  }

  /** The engine's clock reached {@code now}: a silent series may fire {@code nodata}. */
  public static List<AlertEvent> clock(AlertRule rule, String series, AlertState s, long now) {
    AlertRule.NoData nd = rule.noData();
    if (nd == null || !nd.fire() || s.lastSeen == Long.MIN_VALUE) return List.of();
    if (now - s.lastSeen < nd.after().toMillis() || s.level == AlertLevel.NODATA) return List.of();
    // stamped when the silence reached the limit, however coarsely the clock moved past it
    long at = s.lastSeen + nd.after().toMillis();
    // a firing series that falls silent stays in the same episode: it started when it first fired
    if (s.phase != AlertPhase.FIRING) s.firingSince = at;
    s.phase = AlertPhase.FIRING;
    s.level = AlertLevel.NODATA;
    s.pendingLevel = null;
    s.value = Double.NaN;
    remember(s, AlertLevel.NODATA);
    return List.of(event(rule, series, s, AlertChange.FIRING, AlertLevel.NODATA, Double.NaN, at));
  }

  /** The level an update with {@code value} puts the series at, hysteresis included; or null. */
  static AlertLevel target(AlertRule rule, AlertState s, double value) {
    AlertRule.Level crit = rule.critical();
    AlertRule.Level warn = rule.warning();
    boolean firing = s.phase == AlertPhase.FIRING;
    if (crit != null
        && (rule.beyond(value, crit.threshold())
            || (firing && s.level == AlertLevel.CRITICAL && rule.beyond(value, crit.reset())))) {
      return AlertLevel.CRITICAL;
    }
    if (warn != null
        && (rule.beyond(value, warn.threshold())
            || (firing
                && (s.level == AlertLevel.WARNING || s.level == AlertLevel.CRITICAL)
                && rule.beyond(value, warn.reset())))) {
      return AlertLevel.WARNING;
    }
    return null;
  }

  private static void fireIfDue(
      AlertRule rule, String series, AlertState s, double value, long asOf, List<AlertEvent> out) {
    if (asOf - s.pendingSince < rule.pendingFor().toMillis()) return;
    s.phase = AlertPhase.FIRING;
    s.level = s.pendingLevel;
    s.firingSince = s.pendingSince;
    s.pendingLevel = null;
    out.add(event(rule, series, s, AlertChange.FIRING, s.level, value, asOf));
  }

  private static void reset(AlertState s) {
    s.phase = AlertPhase.OK;
    s.level = null;
    s.pendingLevel = null;
    s.pendingSince = Long.MIN_VALUE;
    s.firingSince = Long.MIN_VALUE;
  }

  /** Adds a judged level to the history and updates the flapping mark. */
  private static void remember(AlertState s, AlertLevel level) {
    s.history.add(level == null ? AlertState.OK : level.code());
    while (s.history.size() > HISTORY) s.history.remove(0);
    if (s.history.size() < HISTORY) return;
    int changes = 0;
    for (int i = 1; i < s.history.size(); i++)
      if (!s.history.get(i).equals(s.history.get(i - 1))) changes++;
    double share = changes / (double) (s.history.size() - 1);
    if (share > FLAP_HIGH) s.flapping = true;
    else if (share < FLAP_LOW) s.flapping = false;
  }

  private static AlertEvent event(
      AlertRule rule,
      String series,
      AlertState s,
      AlertChange state,
      AlertLevel level,
      double value,
      long at) {
    AlertEvent e = new AlertEvent();
    e.ruleId = rule.id();
    e.series = series;
    e.state = state;
    e.level = level;
    e.value = value;
    AlertRule.Level l =
        level == AlertLevel.CRITICAL
            ? rule.critical()
            : level == AlertLevel.WARNING ? rule.warning() : null;
    if (l != null) e.threshold = state == AlertChange.RESOLVED ? l.reset() : l.threshold();
    e.at = at;
    e.since = s.firingSince == Long.MIN_VALUE ? at : s.firingSince;
    e.flapping = s.flapping;
    return e;
  }
}
