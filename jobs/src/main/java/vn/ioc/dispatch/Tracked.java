package vn.ioc.dispatch;

import java.util.ArrayList;
import java.util.List;
import vn.ioc.alerting.AlertChange;
import vn.ioc.alerting.AlertEvent;

/**
 * What the dispatch knows of one alert of its unit, from the time it fires until its resolution is
 * told: whom it told, the escalation step reached, the acknowledgement, the next reminder and
 * escalation, and a notice held back (muted, silenced, inhibited, flapping). A Flink POJO.
 */
public class Tracked {
  public static final long NEVER = Long.MIN_VALUE;

  /** The latest event: FIRING (possibly at a new level) or RESOLVED. */
  public AlertEvent alert;

  /** When its first notice went out (engine time); {@link #NEVER}: nobody told yet. */
  public long notifiedAt = NEVER;

  /** Everyone told so far, in order. */
  public List<String> notified = new ArrayList<>();

  public int step;
  public String ackedBy;
  public long nextReminder = NEVER;
  public long nextEscalation = NEVER;

  /** A notice held back, or null. */
  public NoticeReason owed;

  public Tracked() {}

  boolean firing() {
    return alert.state == AlertChange.FIRING;
  }

  boolean acknowledged() {
    return ackedBy != null;
  }
}
