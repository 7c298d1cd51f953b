package vn.ioc.alerting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules in force, indexed so an update is checked against the few rules that can match it, not
 * all of them (a province may keep a thousand rules): each rule is filed under its measurement and
 * one of its exact tag matchers (the first in key order), or under its measurement alone when it
 * has none. An update looks up its measurement and each of its tags; every candidate is still
 * checked by {@link AlertRule#matches}.
 */
final class RuleIndex {
  private final Map<String, List<AlertRule>> byKey = new HashMap<>();
  private final Map<String, AlertRule> byId = new HashMap<>();

  RuleIndex(List<AlertRule> rules) {
    for (AlertRule r : rules) {
      byId.put(r.id(), r);
      String key = r.measurement();
      for (Map.Entry<String, String> m : new java.util.TreeMap<>(r.match()).entrySet()) {
        if (m.getValue().equals("*")) continue;
        key = r.measurement() + '\u0000' + m.getKey() + '\u0000' + m.getValue();
        break;
      }
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
  }

  /** The rule of this id in force, or null. */
  AlertRule get(String id) {
    return byId.get(id);
  }

  /** The rules that may match a series of {@code measurement} with {@code tags}, in file order. */
  List<AlertRule> candidates(String measurement, Map<String, String> tags) {
    List<AlertRule> anyTags = byKey.get(measurement);
    Set<AlertRule> out = null;
    for (Map.Entry<String, String> t : tags.entrySet()) {
      List<AlertRule> rs = byKey.get(measurement + '\u0000' + t.getKey() + '\u0000' + t.getValue());
      if (rs == null) continue;
      if (out == null) out = new LinkedHashSet<>();
      out.addAll(rs);
    }
    if (out == null) return anyTags == null ? List.of() : anyTags;
    if (anyTags != null) out.addAll(anyTags);
    return new ArrayList<>(out);
  }
}
