package vn.ioc.progress;

/**
 * What the {@link ItemTracker} keeps per item: its newest report, the last local midnight it has
 * written and the time of its one timer. One state value, so a report costs one state lookup. A
 * Flink POJO.
 */
public class TrackedItem {
  public ProgressReport report;

  /** Epoch milliseconds of the last midnight written (or the first report's day start). */
  public long writtenThrough;

  /** Epoch milliseconds of the item's pending timer; {@link #NO_TIMER} when it has none. */
  public long timer = NO_TIMER;

  public static final long NO_TIMER = Long.MIN_VALUE;

  public TrackedItem() {}

  TrackedItem(ProgressReport report, long writtenThrough, long timer) {
    this.report = report;
    this.writtenThrough = writtenThrough;
    this.timer = timer;
  }
}
