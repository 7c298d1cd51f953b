package vn.ioc.progress;

/**
 * The names of the state kept by the progress job's own operators, in one place. A savepoint finds
 * each state by its operator's uid and this name: a name never changes (a new name is a new, empty
 * state), and {@code StateNamesTest} pins them. The engine parts a job shares with others (the
 * engine clock, the acceptance gate, feed health) name theirs in their own classes.
 */
public final class ProgressState {
  private ProgressState() {}

  /**
   * The layout of this job's state ({@code vn.ioc.runtime.StateLayout}), unchanged since 0.1.0.
   * Goes up with a change to a kept type that an older savepoint cannot restore into.
   */
  public static final int LAYOUT = 1;

  /** ItemTracker: an item's newest report and what was written of it. */
  public static final String TRACKED_ITEM = "tracked-item";

  /** ProgressSummary: summary changes not yet written. */
  public static final String PENDING_CHANGES = "pending-changes";

  /** ProgressSummary: the summaries written, by time. */
  public static final String WRITTEN_POINTS = "written-points";

  /** ProgressSummary: the time of the latest summary written. */
  public static final String LAST_WRITTEN = "last-written";

  /** ProgressSummary: before this time the written summaries were pruned. */
  public static final String PRUNED_BEFORE = "pruned-before";

  /** ProgressSummary: the next local midnight to write a summary at. */
  public static final String NEXT_MIDNIGHT = "next-midnight";

  /** SummaryCombiner: changes combined before the keyed summary. */
  public static final String COMBINED_SUMMARY_CHANGES = "combined-summary-changes";
}
