package vn.ioc.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.ioc.alerting.AlertLevel;
import vn.ioc.alerting.AlertMessages;

/**
 * What a digest says of each alert: one line per alert, its latest state and value, and what
 * changed since the recipient's last digest ({@link Notification.Notice#change}). The notices of
 * one alert gathered for a digest become its latest one; a reminder superseded by a later notice of
 * the same alert is dropped (and counted). What the recipient was told is remembered between
 * digests as the level told per firing alert ({@code told}), so a level change reads as one.
 */
final class DigestLines {
  private DigestLines() {}

  /** How an alert's line counts in the subject, in the order lines are listed. */
  enum Kind {
    NEW("mới"),
    ESCALATED("chuyển lên"),
    LEVEL("đổi mức"),
    STILL("vẫn phát"),
    RESOLVED("đã hết");

    private final String counted;

    Kind(String counted) {
      this.counted = counted;
    }
  }

  /**
   * The lines of one digest.
   *
   * @param lines one notice per alert, its {@code change} filled in, most pressing first
   * @param superseded reminders dropped because a later notice of the same alert came with them
   */
  record Merged(List<Notification.Notice> lines, List<Kind> kinds, int superseded) {}

  /**
   * Merges the notices of one digest, oldest first, and updates {@code told} (alert id → level
   * told, for the alerts it holds).
   *
   * @param dropUntold leave out a resolution of an alert the recipient was never told of (catch-up:
   *     it fired and ended while nobody could be told)
   */
  static Merged merge(
      List<Notification.Notice> notices, Map<String, String> told, boolean dropUntold) {
    Map<String, List<Notification.Notice>> byAlert = new LinkedHashMap<>();
    for (Notification.Notice n : notices)
      byAlert.computeIfAbsent(n.alertId, k -> new ArrayList<>()).add(n);
    record Line(Notification.Notice notice, Kind kind) {}
    List<Line> lines = new ArrayList<>();
    int superseded = 0;
    for (Map.Entry<String, List<Notification.Notice>> e : byAlert.entrySet()) {
      List<Notification.Notice> group = e.getValue();
      Notification.Notice last = group.get(group.size() - 1);
      for (int i = 0; i < group.size() - 1; i++)
        if (group.get(i).reason == NoticeReason.REMINDER) superseded++;
      String before = told.get(e.getKey());
      boolean escalated = group.stream().anyMatch(n -> n.reason == NoticeReason.ESCALATION);
      Kind kind;
      String change;
      if (last.reason == NoticeReason.RESOLVED) {
        told.remove(e.getKey());
        if (before == null && dropUntold) continue;
        kind = Kind.RESOLVED;
        change = "Đã hết";
      } else {
        told.put(e.getKey(), last.level);
        if (escalated) {
          kind = Kind.ESCALATED;
          change = "Chuyển lên bậc " + last.escalationStep;
        } else if (before == null) {
          kind = Kind.NEW;
          change = "Mới";
        } else if (!before.equals(last.level)) {
          kind = Kind.LEVEL;
          change = "Đổi mức: " + levelName(before) + " → " + levelName(last.level);
        } else {
          kind = Kind.STILL;
          change = "Vẫn phát";
        }
        if (last.acknowledgedBy != null) change += ", đã được " + last.acknowledgedBy + " xác nhận";
      }
      if (last.onBehalfOf != null) change += ", nhận thay " + last.onBehalfOf;
      last.change = change;
      lines.add(new Line(last, kind));
    }
    lines.sort(
        Comparator.comparing(Line::kind)
            .thenComparingLong(l -> l.notice().since)
            .thenComparing(l -> l.notice().alertId));
    return new Merged(
        lines.stream().map(Line::notice).toList(),
        lines.stream().map(Line::kind).toList(),
        superseded);
  }

  /** "3 cảnh báo mới, 1 đã hết": the first count names what is counted. */
  static String counts(List<Kind> kinds) {
    Map<Kind, Integer> counts = new LinkedHashMap<>();
    for (Kind k : Kind.values()) counts.put(k, 0);
    for (Kind k : kinds) counts.merge(k, 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    counts.forEach(
        (k, c) -> {
          if (c > 0) parts.add(c + (parts.isEmpty() ? " cảnh báo " : " ") + k.counted);
        });
    return String.join(", ", parts);
  }

  private static String levelName(String code) {
    AlertLevel l = AlertLevel.ofCode(code);
    return l == null ? code : AlertMessages.levelName(l);
  }
}
