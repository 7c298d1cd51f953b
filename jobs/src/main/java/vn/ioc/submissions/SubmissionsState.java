package vn.ioc.submissions;

/**
 * The names of the state kept by the submissions job's own operators, in one place. A savepoint
 * finds each state by its operator's uid and this name: a name never changes (a new name is a new,
 * empty state), and {@code StateNamesTest} pins them. The engine parts a job shares with others
 * (the engine clock, the acceptance gate, feed health) name theirs in their own classes.
 */
public final class SubmissionsState {
  private SubmissionsState() {}

  /**
   * The layout of this job's state ({@code vn.ioc.runtime.StateLayout}): 1 from its packed forms
   * (0.1.0), 2 since reports, contributions and windows carry a commune (0.6.0). Goes up with a
   * change to a kept type that an older savepoint cannot restore into.
   */
  public static final int LAYOUT = 2;

  /** RevisionLedger: the newest accepted revision of each report, by report id. */
  public static final String ACCEPTED_REVISIONS = "accepted-revisions";

  /** RevisionLedger: the report ids whose revisions expire at a time. */
  public static final String EXPIRING = "expiring";

  /** WindowRollup: a series' open windows. */
  public static final String WINDOWS = "windows";

  /** WindowRollup: the windows changed since their last write. */
  public static final String WINDOWS_DIRTY = "windows-dirty";

  /** WindowRollup: when the series' next early write is due. */
  public static final String TICK_AT = "tick-at";

  /** WindowRollup: the tags of a series. */
  public static final String SERIES_TAGS = "series-tags";

  /** WindowRollup: how many unit-and-service series each subtask holds (the cap). */
  public static final String UNIT_SERVICE_SERIES = "unit-service-series";
}
