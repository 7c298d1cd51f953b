package vn.ioc.submissions;

import vn.ioc.calendar.WindowLevel;

/**
 * What {@link WindowRollup} writes of a window, and when, without Flink. A bounded run writes each
 * changed window once, at its cleanup; a live run writes a window early (at most once per
 * early-write interval), its final value when it closes, and corrections after. One per operator
 * instance and run: the run's {@code incarnation} tells its own writes from a run's before a
 * restore.
 */
final class WindowWrites {
  private final boolean live;
  private final long earlyWriteIntervalMs;
  private final long incarnation;

  WindowWrites(boolean live, long earlyWriteIntervalMs, long incarnation) {
    this.live = live;
    this.earlyWriteIntervalMs = earlyWriteIntervalMs;
    this.incarnation = incarnation;
  }

  /** Whether the window is written now. */
  boolean due(WindowBucket b, boolean closed, boolean cleanup, long now) {
    return live
        ? (closed && !b.finalWritten)
            || (b.changed
                && (cleanup
                    || b.writtenRates < 0
                    || now - b.lastWriteProcessingTime >= earlyWriteIntervalMs))
        : cleanup && b.changed;
  }

  /** The window's point, and what the bucket remembers of writing it. */
  WindowSnapshot write(
      SeriesTags series,
      int level,
      long start,
      long end,
      WindowBucket b,
      boolean closed,
      long now) {
    WindowSnapshot s = new WindowSnapshot();
    s.scope = series.scope;
    s.window = WindowLevel.ofOrdinal(level).tag();
    s.province = series.province;
    s.district = s.scope == Scope.PROVINCE ? null : series.district;
    s.commune = s.scope == Scope.PROVINCE ? null : series.commune;
    s.unit = series.unit;
    s.service = series.service;
    s.windowStart = start;
    s.windowEnd = end;
    s.counts = b.value.copy();
    s.asOf = b.asOf;
    s.isFinal = closed;
    int rates = b.rates();
    s.replace = replaceNeeded(b, rates);
    b.writtenRates = rates;
    b.writtenIncarnation = incarnation;
    b.lastWriteProcessingTime = now;
    b.changed = false;
    b.finalWritten |= closed;
    return s;
  }

  /**
   * InfluxDB keeps the fields of an earlier write of a point that a rewrite does not send, so a
   * rate that no longer applies must be removed by replacing the point. A rate vanishes only when
   * its denominator goes back to 0, which takes a decrease (a revision). So: when this run wrote
   * the window before, replace if that write had a rate this one lacks; otherwise (a first write,
   * maybe after a restore, when the run before it may have written the window after the checkpoint)
   * replace if a rate is lacking and the window ever decreased — the decrease is in the checkpoint
   * or replayed after it.
   */
  private boolean replaceNeeded(WindowBucket b, int rates) {
    if (rates == WindowBucket.RATES_ALL) return false;
    if (b.writtenIncarnation == incarnation && b.writtenRates >= 0)
      return (b.writtenRates & ~rates) != 0;
    return b.decreased;
  }
}
