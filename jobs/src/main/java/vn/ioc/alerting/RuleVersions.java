package vn.ioc.alerting;

import java.util.ArrayList;
import java.util.List;

/**
 * The versions of one rule from {@code ioc.alert-rules}, each in force from the time it was
 * published (its Kafka timestamp) in the engine's time: an update is judged by the version in force
 * at its {@code asOf}, so a replay judges it as the live run did, whatever the order in which the
 * rule and the update are read. An empty text is a deletion. The latest {@value #KEPT} versions are
 * kept. A Flink POJO (broadcast state).
 */
public class RuleVersions implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final int KEPT = 10;

  /** Ascending. */
  public List<Long> from = new ArrayList<>();

  public List<String> texts = new ArrayList<>();

  public RuleVersions() {}

  public RuleVersions copy() {
    RuleVersions c = new RuleVersions();
    c.from = new ArrayList<>(from);
    c.texts = new ArrayList<>(texts);
    return c;
  }

  /** Adds a version in force from {@code at}, replacing one from the same time. */
  public void put(long at, String text) {
    int i = 0;
    while (i < from.size() && from.get(i) < at) i++;
    if (i < from.size() && from.get(i) == at) {
      texts.set(i, text);
    } else {
      from.add(i, at);
      texts.add(i, text);
    }
    while (from.size() > KEPT) {
      from.remove(0);
      texts.remove(0);
    }
  }
}
