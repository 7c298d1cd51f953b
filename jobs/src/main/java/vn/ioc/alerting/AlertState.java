package vn.ioc.alerting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one rule on one series. A Flink POJO (kept in keyed state by the alerting job);
 * changed only by {@link AlertEvaluator}.
 */
public class AlertState {
  /** A judged update beyond no threshold, in {@link #history}. */
  public static final String OK = "OK";

  public AlertPhase phase = AlertPhase.OK;

  /** The level while firing; else null. */
  public AlertLevel level;

  /** While pending: the level it would fire at, and since when (event time). */
  public AlertLevel pendingLevel;

  public long pendingSince = Long.MIN_VALUE;

  /** When it started firing (event time), and the value then. */
  public long firingSince = Long.MIN_VALUE;

  /** While firing: the value of the latest judged update (NaN for no data); else NaN. */
  public double value = Double.NaN;

  /** The engine time of the series' latest update (for no-data). */
  public long lastSeen = Long.MIN_VALUE;

  /** The levels' codes of the latest judged updates, oldest first ({@link #OK} for none). */
  public List<String> history = new ArrayList<>();

  public boolean flapping;

  /** For rules with no-data: the series' latest tags and text fields (to route a no-data alert). */
  public Map<String, String> tags = new HashMap<>();

  public Map<String, String> texts = new HashMap<>();

  public AlertState() {}
}
