package vn.ioc.alerting;

import java.util.ArrayList;
import java.util.List;

/**
 * The versions of one rule from {@code ioc.alert-rules}, each in force from the time it was
 * published in the engine's time (the message's {@code created-at} stamp; from the start of time
 * without one): an update is judged by the version in force at its {@code asOf}, so a replay judges
 * it as the live run did, whatever the order in which the rule and the update are read. An empty
 * text is a deletion. The latest {@value #KEPT} versions are kept. A Flink POJO (broadcast state).
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

  /**
   * Adds a version in force from {@code at} ({@link vn.ioc.clock.Versions#put}: one without a stamp
   * replaces them all).
   */
  public void put(long at, String text) {
    vn.ioc.clock.Versions.put(from, texts, at, text, KEPT);
  }
}
