package vn.ioc.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one item adds to the summaries on a day: one to {@code total} and to its status and flags,
 * in the scopes it belongs to (the province, its group if it has one, its owner unit), per kind.
 */
public record ItemContribution(List<String> keys, SummaryCounts counts) {

  public static ItemContribution of(ProgressReport r, ItemStatus s) {
    SummaryCounts c = new SummaryCounts();
    c.total = 1;
    switch (s.status()) {
      case "COMPLETED" -> c.completed = 1;
      case "IN_PROGRESS" -> c.inProgress = 1;
      default -> c.notStarted = 1;
    }
    if (s.overdueDays() > 0) c.overdue = 1;
    if (s.atRisk()) c.atRisk = 1;
    if (s.stale()) c.stale = 1;
    if (c.completed == 1 && s.completedLateDays() == 0) c.completedOnTime = 1;
    return new ItemContribution(r.summaryKeys(), c);
  }

  /** Where an item counts: made once per kind, group and owner (per task manager JVM). */
  private record Scopes(String kind, String group, String ownerUnit) {}

  private static final Map<Scopes, List<String>> KEYS = new ConcurrentHashMap<>();

  /** The summary keys an item of this kind, group and owner counts in. */
  static List<String> keysOf(String kind, String group, String ownerUnit) {
    return KEYS.computeIfAbsent(
        new Scopes(kind, group, ownerUnit),
        s -> {
          List<String> keys = new ArrayList<>(3);
          keys.add(SummaryDelta.key(kind, SummaryDelta.PROVINCE, ""));
          if (group != null) keys.add(SummaryDelta.key(kind, SummaryDelta.GROUP, group));
          keys.add(SummaryDelta.key(kind, SummaryDelta.OWNER_UNIT, ownerUnit));
          return List.copyOf(keys);
        });
  }
}
