package vn.ioc.tools.export;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import vn.ioc.reference.Names;

/**
 * The programme's figures for analysts: every model and task as it stood at the end of a day
 * ({@code item_status}), and the summaries at the end of each period ({@code progress_summary}),
 * with the owner units' names of that day.
 */
public final class ProgrammeExport {
  private ProgrammeExport() {}

  /** One point as read: its local time, its tags and its fields (numbers and texts). */
  public record Point(LocalDateTime at, Map<String, String> tags, Map<String, Object> fields) {}

  static final List<String> ITEM_COLUMNS =
      List.of(
          "as_of",
          "item",
          "kind",
          "title",
          "group",
          "owner_unit_code",
          "owner_unit_name",
          "responsible",
          "deadline",
          "status",
          "progress_pct",
          "expected_pct",
          "overdue_days",
          "overdue_working_days",
          "completed_late_days",
          "days_since_report",
          "stale",
          "at_risk");

  static final List<String> SUMMARY_COLUMNS =
      List.of(
          "period",
          "as_of",
          "kind",
          "scope",
          "group",
          "owner_unit_code",
          "owner_unit_name",
          "total",
          "completed",
          "in_progress",
          "not_started",
          "overdue",
          "at_risk",
          "stale",
          "completed_pct",
          "completed_on_time_pct");

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** Each item's newest point up to the end of {@code day}, by item. */
  static Table items(List<Point> newest, LocalDate day, Names names) {
    List<Point> sorted = new ArrayList<>(newest);
    sorted.sort(Comparator.comparing(p -> p.tags().getOrDefault("item", "")));
    List<List<String>> rows = new ArrayList<>();
    for (Point p : sorted) {
      List<String> r = new ArrayList<>();
      r.add(day.toString());
      r.add(p.tags().get("item"));
      r.add(p.tags().get("kind"));
      r.add(text(p, "title"));
      r.add(text(p, "group"));
      String owner = text(p, "owner_unit");
      r.add(owner);
      r.add(owner == null ? null : names.unit(owner, day));
      r.add(text(p, "responsible"));
      r.add(text(p, "deadline"));
      r.add(text(p, "status"));
      for (String f :
          ITEM_COLUMNS.subList(ITEM_COLUMNS.indexOf("progress_pct"), ITEM_COLUMNS.size()))
        r.add(number(p, f));
      rows.add(r);
    }
    return new Table(ITEM_COLUMNS, numeric(ITEM_COLUMNS, "progress_pct"), rows);
  }

  /**
   * The summaries as they stood at the end of each period: per series, the newest point of the
   * period; by period, then kind, scope and group or owner.
   */
  static Table summaries(List<Point> points, Period period, Names names) {
    Map<String, Point> newest = new TreeMap<>();
    for (Point p : points) {
      LocalDateTime start = period.start(p.at());
      String key =
          LOCAL.format(start)
              + '|'
              + p.tags().getOrDefault("kind", "")
              + '|'
              + p.tags().getOrDefault("scope", "")
              + '|'
              + p.tags().getOrDefault("group", "")
              + '|'
              + p.tags().getOrDefault("owner_unit", "");
      Point before = newest.get(key);
      if (before == null || !p.at().isBefore(before.at())) newest.put(key, p);
    }
    List<List<String>> rows = new ArrayList<>();
    for (Point p : newest.values()) {
      List<String> r = new ArrayList<>();
      r.add(period.label(period.start(p.at())));
      r.add(LOCAL.format(p.at()));
      r.add(p.tags().get("kind"));
      r.add(p.tags().get("scope"));
      r.add(p.tags().get("group"));
      String owner = p.tags().get("owner_unit");
      r.add(owner);
      r.add(owner == null ? null : names.unit(owner, p.at().toLocalDate()));
      for (String f :
          SUMMARY_COLUMNS.subList(SUMMARY_COLUMNS.indexOf("total"), SUMMARY_COLUMNS.size()))
        r.add(number(p, f));
      rows.add(r);
    }
    return new Table(SUMMARY_COLUMNS, numeric(SUMMARY_COLUMNS, "total"), rows);
  }

  private static Set<String> numeric(List<String> columns, String first) {
    return Set.copyOf(columns.subList(columns.indexOf(first), columns.size()));
  }

  private static String text(Point p, String field) {
    Object v = p.fields().get(field);
    return v == null ? null : v.toString();
  }

  /** A percentage to two decimals, any other number whole; null when absent. */
  private static String number(Point p, String field) {
    Object v = p.fields().get(field);
    if (!(v instanceof Number n)) return null;
    return field.endsWith("_pct")
        ? ServiceRatesExport.rate(n.doubleValue())
        : Long.toString(Math.round(n.doubleValue()));
  }
}
