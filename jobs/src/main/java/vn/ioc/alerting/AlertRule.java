package vn.ioc.alerting;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * One alert rule ({@code schemas/alert-rule.schema.json}): which indicator and series it judges, in
 * which direction, its levels with hysteresis, and what it says to whom. Immutable; built by {@link
 * RuleParser}, which checks it.
 *
 * @param match tag matchers: every listed tag must have this value ({@code *}: any value, but
 *     present)
 * @param warning null when the rule has no warning level
 * @param critical null when the rule has no critical level
 * @param minVolume null: every update is judged
 * @param pendingFor how long (in the indicator's event time) a breach must last before firing
 * @param noData null: a silent series keeps its last state
 * @param renotify null: no reminders
 * @param recipients person ids notified besides the unit's escalation chain
 * @param inhibits ids of rules whose alerts of the same unit are held while this one fires
 */
public record AlertRule(
    String id,
    String description,
    String measurement,
    String field,
    Map<String, String> match,
    Direction direction,
    Level warning,
    Level critical,
    MinVolume minVolume,
    Duration pendingFor,
    NoData noData,
    Messages messages,
    Map<String, String> labels,
    Duration renotify,
    List<Mute> mutes,
    List<String> recipients,
    List<String> inhibits)
    implements Serializable {

  public enum Direction {
    BELOW,
    ABOVE
  }

  /** A level: breached past {@code threshold}, recovered only past {@code reset} (hysteresis). */
  public record Level(double threshold, double reset) implements Serializable {}

  /** Judge an update only when its {@code field} is at least {@code atLeast}. */
  public record MinVolume(String field, double atLeast) implements Serializable {}

  /** After {@code after} of engine time without an update: fire {@code nodata}, or keep state. */
  public record NoData(Duration after, boolean fire) implements Serializable {}

  /** Message templates (Vietnamese), with placeholders such as {@code {unit}}, {@code {value}}. */
  /**
   * The rule's own templates; null where it has none (the defaults then). {@code smsFiring} and
   * {@code smsResolved} are the short forms for one SMS.
   */
  public record Messages(String firing, String resolved, String smsFiring, String smsResolved)
      implements Serializable {
    public static final Messages NONE = new Messages(null, null, null, null);

    public String firingOr(String fallback) {
      return firing != null ? firing : fallback;
    }

    public String resolvedOr(String fallback) {
      return resolved != null ? resolved : fallback;
    }

    public String smsFiringOr(String fallback) {
      return smsFiring != null ? smsFiring : fallback;
    }

    public String smsResolvedOr(String fallback) {
      return smsResolved != null ? smsResolved : fallback;
    }
  }

  /**
   * Notifications held between {@code from} and {@code to} local time (across midnight when {@code
   * to} is before {@code from}) on the days {@code days}: {@code all}, {@code working} or {@code
   * off} (weekends and official days off).
   */
  public record Mute(LocalTime from, LocalTime to, String days) implements Serializable {
    /** As alert events carry it: {@code "17:30-07:00 all"}. */
    public String text() {
      return from + "-" + to + " " + days;
    }
  }

  /** Whether a series with these tags is judged by this rule. */
  public boolean matches(String measurement, String field, Map<String, String> tags) {
    if (!this.measurement.equals(measurement) || !this.field.equals(field)) return false;
    for (Map.Entry<String, String> m : match.entrySet()) {
      String v = tags.get(m.getKey());
      if (v == null || (!m.getValue().equals("*") && !m.getValue().equals(v))) return false;
    }
    return true;
  }

  /** Whether {@code value} is past {@code bound} in this rule's direction. */
  public boolean beyond(double value, double bound) {
    return direction == Direction.BELOW ? value < bound : value > bound;
  }
}
