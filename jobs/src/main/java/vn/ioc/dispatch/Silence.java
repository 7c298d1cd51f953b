package vn.ioc.dispatch;

import java.util.HashMap;
import java.util.Map;

/**
 * A silence ({@code ioc.alert-silences}, {@code schemas/alert-silence.schema.json}): between {@code
 * startsAt} (inclusive) and {@code endsAt} (exclusive), in engine time, the notifications of the
 * alerts whose labels match every matcher are held; the alerts are still recorded. Labels: the
 * series' tags, {@code rule}, {@code unit} and {@code level}; a matcher's value {@code *} asks only
 * that the label be present. A tombstone of its key (the id) deletes it. A Flink POJO.
 */
public class Silence implements vn.ioc.feed.EventTimed {
  public String id;
  public Map<String, String> matchers = new HashMap<>();
  public long startsAt;
  public long endsAt;
  public String createdBy;
  public String comment;

  /**
   * When it was made, in engine time ({@code createdAt}; {@link Long#MIN_VALUE} when not stamped):
   * a silence holds nothing before it was made, whatever its {@code startsAt}, so a silence made at
   * 10:05 to start at 09:50 holds from 10:05, live and in every recompute.
   */
  public long createdAt = Long.MIN_VALUE;

  /** A tombstone: the silence {@link #id} is deleted. */
  public boolean deleted;

  public Silence() {}

  public static Silence deleted(String id) {
    Silence s = new Silence();
    s.id = id;
    s.deleted = true;
    return s;
  }

  /** From when it holds: the later of its start and its making. */
  public long effectiveFrom() {
    return Math.max(startsAt, createdAt);
  }

  /** Whether it holds the notifications of {@code e} at engine time {@code t}. */
  public boolean holds(vn.ioc.alerting.AlertEvent e, long t) {
    if (deleted || t < effectiveFrom() || t >= endsAt) return false;
    for (Map.Entry<String, String> m : matchers.entrySet()) {
      String v =
          switch (m.getKey()) {
            case "rule" -> e.ruleId;
            case "unit" -> e.unit;
            case "level" -> e.level.code();
            default ->
                e.tags.containsKey(m.getKey()) ? e.tags.get(m.getKey()) : e.labels.get(m.getKey());
          };
      if (v == null || (!m.getValue().equals("*") && !m.getValue().equals(v))) return false;
    }
    return true;
  }

  /** Not used for the engine's clock (acknowledgements and silences do not move it). */
  @Override
  public long eventTime() {
    return startsAt;
  }
}
