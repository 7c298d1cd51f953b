package vn.ioc.alerting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which rules are in force when: the rules folder's from the beginning, and each version of the
 * rules topic from its time on (a version replaces the folder's rule of the same id; a deletion
 * ends it). Built when a rule changes, not per update; each distinct text parsed once.
 */
final class RuleTimeline {
  private final TreeMap<Long, RuleIndex> byTime = new TreeMap<>();
  private static final RuleIndex NONE = new RuleIndex(List.of());

  RuleTimeline(Map<String, String> fileRules, Map<String, RuleVersions> topic)
      throws RuleViolation {
    TreeMap<Long, Map<String, String>> changes = new TreeMap<>();
    Map<String, String> start = changes.computeIfAbsent(Long.MIN_VALUE, t -> new LinkedHashMap<>());
    start.putAll(fileRules);
    for (Map.Entry<String, RuleVersions> e : topic.entrySet()) {
      RuleVersions v = e.getValue();
      for (int i = 0; i < v.from.size(); i++)
        changes
            .computeIfAbsent(v.from.get(i), t -> new LinkedHashMap<>())
            .put(e.getKey(), v.texts.get(i));
    }
    Map<String, String> current = new LinkedHashMap<>();
    Map<String, AlertRule> parsed = new HashMap<>();
    for (Map.Entry<Long, Map<String, String>> c : changes.entrySet()) {
      current.putAll(c.getValue());
      List<AlertRule> rules = new ArrayList<>();
      for (String text : current.values()) {
        if (text.isEmpty()) continue;
        AlertRule r = parsed.get(text);
        if (r == null) {
          r = RuleParser.parse(text).get(0);
          parsed.put(text, r);
        }
        rules.add(r);
      }
      byTime.put(c.getKey(), new RuleIndex(rules));
    }
  }

  /** The rules in force at {@code t}. */
  RuleIndex at(long t) {
    Map.Entry<Long, RuleIndex> e = byTime.floorEntry(t);
    return e == null ? NONE : e.getValue();
  }
}
