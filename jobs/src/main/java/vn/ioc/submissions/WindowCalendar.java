package vn.ioc.submissions;

import java.io.Serializable;
import java.util.List;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;

/**
 * The window arithmetic of {@link WindowRollup}, without Flink: how a window is named in state (its
 * level and start in one long), when its state is dropped, and which windows a timer at a given
 * time is for. Its timers name no window, so this is how a timer finds its work.
 */
final class WindowCalendar implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int LEVELS = WindowLevel.values().length;

  private final LocalCalendar calendar;
  private final long horizonMs;
  private final boolean live;

  /**
   * @param horizonMs how long after its end a window still takes changes (the acceptance horizon)
   * @param live whether windows are also due when they end (a live run writes their final value)
   */
  WindowCalendar(LocalCalendar calendar, long horizonMs, boolean live) {
    this.calendar = calendar;
    this.horizonMs = horizonMs;
    this.live = live;
  }

  /** A window's key in state: its start and level in one long. */
  static long bucketId(int level, long windowStart) {
    return windowStart * LEVELS + level;
  }

  static int levelOf(long id) {
    return (int) Math.floorMod(id, (long) LEVELS);
  }

  static long startOf(long id) {
    return Math.floorDiv(id, (long) LEVELS);
  }

  long start(WindowLevel level, long t) {
    return calendar.start(level, t);
  }

  long end(WindowLevel level, long start) {
    return calendar.end(level, start);
  }

  /** The event time from which a window ending at {@code end} is dropped. */
  long cleanupTime(long end) {
    return end + horizonMs;
  }

  /**
   * When the cleanup timer of a window is due, less the horizon: a minute's with its hour's (one
   * timer per hour instead of sixty; the minute stays at most an hour longer), any other window's
   * at its end. Settling still drops a window as soon as the watermark has passed its own end plus
   * the horizon.
   */
  long dropTime(WindowLevel level, long start, long end) {
    return level == WindowLevel.MINUTE
        ? calendar.end(WindowLevel.HOUR, calendar.start(WindowLevel.HOUR, start))
        : end;
  }

  /**
   * The windows of this scope that a timer at {@code timestamp} is for: those that end at it (their
   * close, live only) and those whose cleanup timer it is (see {@link #dropTime}). A window of each
   * level ends at most once at a given instant, so the candidates are found by calendar arithmetic;
   * settling skips those without state.
   */
  void dueAt(long timestamp, Scope scope, List<Long> work) {
    if (live) windowsEndingAt(timestamp, scope, work);
    long dropped = timestamp - horizonMs;
    windowsEndingAt(dropped, scope, work);
    if (!scope.publishes(WindowLevel.MINUTE)) return;
    long hour = calendar.start(WindowLevel.HOUR, dropped - 1);
    if (calendar.end(WindowLevel.HOUR, hour) != dropped) return;
    for (long minute = hour; minute < dropped; minute = calendar.end(WindowLevel.MINUTE, minute))
      work.add(bucketId(WindowLevel.MINUTE.ordinal(), minute));
  }

  private void windowsEndingAt(long end, Scope scope, List<Long> work) {
    for (WindowLevel level : WindowLevel.values()) {
      if (!scope.publishes(level)) continue;
      long start = calendar.start(level, end - 1);
      if (calendar.end(level, start) == end) work.add(bucketId(level.ordinal(), start));
    }
  }
}
