package vn.ioc.progress;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When {@code progress_summary} points may be written: at the boundaries of a fixed interval in
 * local time (the throttle: a summary is written at most once per interval, at its end), which
 * divides a day so that every local midnight is one.
 */
public final class SummaryBoundaries implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final ZoneId zone;
  private final long intervalMs;

  public SummaryBoundaries(ZoneId zone, Duration interval) {
    long ms = interval.toMillis();
    if (ms <= 0 || DAY_MS % ms != 0)
      throw new IllegalArgumentException(
          "the summary interval must divide a day (e.g. PT1M, PT5M, PT1H): " + interval);
    this.zone = zone;
    this.intervalMs = ms;
  }

  /** The first boundary at or after {@code t}. */
  public long ceil(long t) {
    long off = offset(t);
    return Math.floorDiv(t + off + intervalMs - 1, intervalMs) * intervalMs - off;
  }

  public boolean isMidnight(long t) {
    return Math.floorMod(t + offset(t), DAY_MS) == 0;
  }

  /** The first local midnight at or after {@code t}. */
  public long midnightAtOrAfter(long t) {
    long off = offset(t);
    return Math.floorDiv(t + off + DAY_MS - 1, DAY_MS) * DAY_MS - off;
  }

  public long intervalMs() {
    return intervalMs;
  }

  private long offset(long t) {
    return zone.getRules().getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L;
  }
}
