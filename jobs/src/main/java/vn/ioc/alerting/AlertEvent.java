package vn.ioc.alerting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A change of an alert: it fired (or changed level, or escalated, while firing), it was
 * acknowledged, or it resolved. The rule evaluation makes FIRING and RESOLVED events, with what
 * delivery needs of the rule; the dispatch adds the recipients and the escalation step, and makes
 * the escalations and ACKNOWLEDGED events. A Flink POJO.
 */
public class AlertEvent {
  public String ruleId;
  public String series;

  public AlertChange state;

  /** The level fired at, or the level that resolved. */
  public AlertLevel level;

  /** The value that caused the change; NaN for no data. */
  public double value = Double.NaN;

  /** The threshold of the level (its reset, for a resolution); NaN for no data. */
  public double threshold = Double.NaN;

  /** When it happened (event time of the update, or engine time for no data). */
  public long at;

  /** When the alert started firing. */
  public long since;

  /** The series changes state too often: notifications are held until it settles. */
  public boolean flapping;

  /** The series' tags. */
  public Map<String, String> tags = new HashMap<>();

  /**
   * The rule's routing labels (e.g. {@code team: cntt}): shown with the alert, matched by silences.
   */
  public Map<String, String> labels = new HashMap<>();

  /** The unit the alert is routed by (owner unit, receiving unit, or the province code). */
  public String unit;

  public String unitName;

  /** For an item's alert: its responsible person or position, as the report names it. */
  public String responsible;

  /** The rule's message, rendered, with {@code {link}} left for the notifier. */
  public String message;

  /** Its short form, for one SMS (at most 70 characters, no link). */
  public String sms;

  /** The rule's description, or null (the acknowledgement page shows it). */
  public String description;

  // What delivery needs of the rule (state changes are rare: carried, not looked up).

  /** The rule's re-notify interval in ms; 0: no reminders. */
  public long renotifyMs;

  /** The rule's mute windows (their text form, {@code "17:30-07:00 all"}). */
  public List<String> mutes = new ArrayList<>();

  /** The rule's inhibited rule ids. */
  public List<String> inhibits = new ArrayList<>();

  /** The rule's fixed recipients; after dispatch, everyone notified of this alert so far. */
  public List<String> recipients = new ArrayList<>();

  /** The escalation step reached (0: the unit's leader). */
  public int escalationStep;

  /** Who acknowledged it, when it is acknowledged. */
  public String acknowledgedBy;

  public AlertEvent() {}

  /** The alert: rule and series. */
  public String alertId() {
    return ruleId + " " + series;
  }

  /** A copy, for an event derived from this one. */
  public AlertEvent copy() {
    AlertEvent e = new AlertEvent();
    e.ruleId = ruleId;
    e.series = series;
    e.state = state;
    e.level = level;
    e.value = value;
    e.threshold = threshold;
    e.at = at;
    e.since = since;
    e.flapping = flapping;
    e.tags = new HashMap<>(tags);
    e.labels = new HashMap<>(labels);
    e.unit = unit;
    e.unitName = unitName;
    e.responsible = responsible;
    e.message = message;
    e.sms = sms;
    e.description = description;
    e.renotifyMs = renotifyMs;
    e.mutes = new ArrayList<>(mutes);
    e.inhibits = new ArrayList<>(inhibits);
    e.recipients = new ArrayList<>(recipients);
    e.escalationStep = escalationStep;
    e.acknowledgedBy = acknowledgedBy;
    return e;
  }

  @Override
  public String toString() {
    return state
        + " "
        + (level == null ? null : level.code())
        + " "
        + ruleId
        + " "
        + series
        + " value="
        + value
        + " threshold="
        + threshold
        + " at="
        + at
        + " since="
        + since
        + (flapping ? " flapping" : "");
  }
}
