package vn.ioc.health;

import java.util.HashMap;
import java.util.Map;

/**
 * What {@link FeedFreshness} is told: by one reader of a feed, the newest event time it read in
 * each minute since it last told (before each watermark it passes on), or, in a live run, a sample
 * of its newest event time and watermark taken at a wall-clock moment; or a tick of the engine's
 * clock. A Flink POJO.
 */
public class FeedTimes {
  /** The reader's subtask; {@link #CLOCK} for a tick. */
  public int subtask;

  /** A live sample: the wall-clock moment it was taken (epoch ms); else -1. */
  public long at = -1;

  /** A live sample: the reader's watermark. */
  public long watermark = Long.MIN_VALUE;

  /** A tick: its time (epoch ms). */
  public long tickAt = Long.MIN_VALUE;

  /** A live sample: the newest event time the reader has read, or Long.MIN_VALUE. */
  public long newest = Long.MIN_VALUE;

  /** A live sample: the reader's input is idle (its watermark holds nothing back). */
  public boolean idle;

  /**
   * The newest event time read per minute, keyed by the minute's end: an event time {@code e} falls
   * in the minute that ends at or after it ({@code (end - 1 min, end]}).
   */
  public Map<Long, Long> minutes = new HashMap<>();

  /** The subtask of a clock tick. */
  public static final int CLOCK = -1;

  public FeedTimes() {}

  /** A tick of the engine's clock at {@code at}. */
  public static FeedTimes tick(long at) {
    FeedTimes t = new FeedTimes();
    t.subtask = CLOCK;
    t.tickAt = at;
    return t;
  }

  public boolean isTick() {
    return subtask == CLOCK;
  }

  /** A live sample (carries no minutes). */
  public boolean isSample() {
    return at >= 0;
  }
}
