package vn.ioc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.AlertingState;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.EngineClock;
import vn.ioc.feed.AcceptanceGate;
import vn.ioc.health.FeedFreshness;
import vn.ioc.health.FeedHealth;
import vn.ioc.health.FeedTally;
import vn.ioc.progress.ProgressState;
import vn.ioc.submissions.SubmissionsState;

/**
 * The names of every state the jobs keep. A savepoint finds a state by its operator's uid and this
 * name, so a renamed state restores empty: the names are pinned here, and a change to this list is
 * a change of the savepoints' format (CHANGELOG, docs/upgrading.md).
 */
class StateNamesTest {
  @Test
  void theSubmissionsJobsStateNamesAreFixed() throws Exception {
    assertEquals(
        List.of(
            "accepted-revisions",
            "expiring",
            "series-tags",
            "tick-at",
            "unit-service-series",
            "windows",
            "windows-dirty"),
        names(SubmissionsState.class));
  }

  @Test
  void theProgressJobsStateNamesAreFixed() throws Exception {
    assertEquals(
        List.of(
            "combined-summary-changes",
            "last-written",
            "next-midnight",
            "pending-changes",
            "pruned-before",
            "tracked-item",
            "written-points"),
        names(ProgressState.class));
  }

  @Test
  void theAlertingJobsStateNamesAreFixed() throws Exception {
    assertEquals(
        List.of(
            "alert-rule-versions",
            "alert-silence-versions",
            "alert-states",
            "alert-updates-waiting",
            "digest-at",
            "digest-behind",
            "digest-held-back",
            "digest-last",
            "digest-last-held",
            "digest-notices",
            "digest-told",
            "dispatch-inputs-waiting",
            "tracked-alerts",
            "weekly-report-ahead",
            "weekly-report-counts",
            "weekly-report-items",
            "weekly-report-marks",
            "weekly-report-next",
            "weekly-report-unit-days"),
        names(AlertingState.class));
  }

  @Test
  void theSharedEnginePartsStateNamesAreFixed() {
    assertEquals(
        List.of(
            "latest-event-time",
            "clock-stop",
            "acceptance-progress",
            "feed-hours",
            "feed-hours-changed",
            "latest-period-end",
            "feed-tick-at",
            "partition-clocks",
            "feed-freshness"),
        List.of(
            EngineClock.LATEST_EVENT_TIME,
            ClockStop.NAME,
            AcceptanceGate.ACCEPTANCE_PROGRESS,
            FeedHealth.FEED_HOURS,
            FeedHealth.FEED_HOURS_CHANGED,
            FeedHealth.LATEST_PERIOD_END,
            FeedHealth.FEED_TICK_AT,
            FeedTally.PARTITION_CLOCKS,
            FeedFreshness.FEED_FRESHNESS));
  }

  /** The values of a class's public static final String constants, sorted. */
  private static List<String> names(Class<?> type) throws IllegalAccessException {
    TreeSet<String> out = new TreeSet<>();
    for (Field f : type.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m)
          && Modifier.isStatic(m)
          && Modifier.isFinal(m)
          && f.getType() == String.class) out.add((String) f.get(null));
    }
    return new ArrayList<>(out);
  }
}
