package vn.ioc.alerting;

/**
 * The names of the state kept by the alerting job (its rule evaluation and its dispatch)'s own
 * operators, in one place. A savepoint finds each state by its operator's uid and this name: a name
 * never changes (a new name is a new, empty state), and {@code StateNamesTest} pins them. The
 * engine parts a job shares with others (the engine clock, the acceptance gate, feed health) name
 * theirs in their own classes.
 */
public final class AlertingState {
  private AlertingState() {}

  /**
   * The layout of this job's state ({@code vn.ioc.runtime.StateLayout}), 2 since 0.4.0: named
   * phases, levels, changes and reasons. Goes up with a change to a kept type that an older
   * savepoint cannot restore into.
   */
  public static final int LAYOUT = 2;

  /** RuleEvaluation: the versions of each rule of the rules topic. */
  public static final String RULE_VERSIONS = "alert-rule-versions";

  /** RuleEvaluation: each rule's state on each series. */
  public static final String ALERT_STATES = "alert-states";

  /** RuleEvaluation: updates waiting for the watermark. */
  public static final String ALERT_UPDATES_WAITING = "alert-updates-waiting";

  /** AlertDispatch: the versions of each silence. */
  public static final String SILENCE_VERSIONS = "alert-silence-versions";

  /** AlertDispatch: each alert of a unit and who was told. */
  public static final String TRACKED_ALERTS = "tracked-alerts";

  /** AlertDispatch: events and acknowledgements waiting for the watermark. */
  public static final String DISPATCH_INPUTS_WAITING = "dispatch-inputs-waiting";

  /** DigestGrouping: a recipient's notices gathered for the next digest. */
  public static final String DIGEST_NOTICES = "digest-notices";

  /** DigestGrouping: when the recipient's next digest goes. */
  public static final String DIGEST_AT = "digest-at";

  /** DigestGrouping: when the recipient's last digest went. */
  public static final String DIGEST_LAST = "digest-last";

  /** DigestGrouping: the level the recipient was told of each firing alert. */
  public static final String DIGEST_TOLD = "digest-told";

  /** DigestGrouping: the latest notice of each alert held back at catch-up. */
  public static final String DIGEST_BEHIND = "digest-behind";

  /** DigestGrouping: how many notices were held back at catch-up. */
  public static final String DIGEST_HELD_BACK = "digest-held-back";

  /** WeeklyReport: when the next report goes (a Monday 07:30, local time). */
  public static final String WEEKLY_NEXT = "weekly-report-next";

  /** WeeklyReport: each programme item's latest status. */
  public static final String WEEKLY_ITEMS = "weekly-report-items";

  /** WeeklyReport: each item's late, at-risk and completed marks as the last report saw them. */
  public static final String WEEKLY_MARKS = "weekly-report-marks";

  /** WeeklyReport: the province's latest programme counts, by kind. */
  public static final String WEEKLY_COUNTS = "weekly-report-counts";

  /** WeeklyReport: each unit's applications received and online, by local day, two weeks back. */
  public static final String WEEKLY_UNIT_DAYS = "weekly-report-unit-days";

  /** WeeklyReport: updates stamped after the next report, waiting for it. */
  public static final String WEEKLY_AHEAD = "weekly-report-ahead";

  /** DigestGrouping: when (wall time) the last notice was held back at catch-up. */
  public static final String DIGEST_LAST_HELD = "digest-last-held";
}
