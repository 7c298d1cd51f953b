package vn.ioc.tools.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.ioc.reference.Names;
import vn.ioc.reference.ReferenceData;
import vn.ioc.submissions.Counts;

/**
 * The figures of {@code service_rates} over periods, for analysts: each series' integer counts
 * summed over the period (quarters, half-years and years from the months), the rates recomputed
 * from the sums as the job computes them, codes beside the names valid on the period's first day.
 */
public final class ServiceRatesExport {
  private ServiceRatesExport() {}

  /** One point as read: its window's local start and end, its tags, its counts. */
  public record Point(
      LocalDateTime start, LocalDateTime end, Map<String, String> tags, Counts counts) {}

  /**
   * A series over a period: its name, the local start of its first window and end of its last (a
   * period the range covers in part says so), its tags and summed counts.
   */
  public record Row(
      String period,
      LocalDateTime from,
      LocalDateTime until,
      Map<String, String> tags,
      Counts counts) {}

  /** The columns, in order, of the CSV and of each JSON object. */
  public static final List<String> COLUMNS =
      List.of(
          "period",
          "from",
          "until",
          "scope",
          "province_code",
          "district_code",
          "district_name",
          "commune_code",
          "commune_name",
          "unit_code",
          "unit_name",
          "service_code",
          "service_name",
          "received",
          "online",
          "direct",
          "postal",
          "fully_online",
          "resolved_on_time",
          "resolved_late",
          "online_rate_pct",
          "fully_online_rate_pct",
          "on_time_rate_pct");

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final List<String> AREA_TAGS =
      List.of("scope", "province", "district", "commune", "unit", "service");

  /** The points summed per series and period, by period, then series. */
  public static List<Row> rows(List<Point> points, Period period) {
    Map<String, Row> byKey = new TreeMap<>();
    for (Point p : points) {
      LocalDateTime start = period.start(p.start());
      StringBuilder key = new StringBuilder(LOCAL.format(start));
      for (String t : AREA_TAGS) key.append('|').append(p.tags().getOrDefault(t, ""));
      Row row = byKey.get(key.toString());
      if (row == null) {
        byKey.put(
            key.toString(),
            new Row(period.label(start), p.start(), p.end(), p.tags(), p.counts().copy()));
      } else {
        row.counts().add(p.counts());
        byKey.put(
            key.toString(),
            new Row(
                row.period(),
                p.start().isBefore(row.from()) ? p.start() : row.from(),
                p.end().isAfter(row.until()) ? p.end() : row.until(),
                row.tags(),
                row.counts()));
      }
    }
    List<Row> out = new ArrayList<>(byKey.values());
    out.sort(Comparator.comparing(Row::from).thenComparing(r -> key(r.tags())));
    return out;
  }

  private static String key(Map<String, String> tags) {
    StringBuilder b = new StringBuilder();
    for (String t : AREA_TAGS) b.append(tags.getOrDefault(t, "")).append('|');
    return b.toString();
  }

  /**
   * The columns of a former district's figures ({@link #formerDistrict}): those of {@link
   * #COLUMNS}, then the successor communes whose figures a row sums, and those of them formed from
   * more than one district (counted for the one most of their predecessors belonged to).
   */
  public static final List<String> FORMER_DISTRICT_COLUMNS = formerDistrictColumns();

  private static List<String> formerDistrictColumns() {
    List<String> c = new ArrayList<>(COLUMNS);
    c.add("communes");
    c.add("communes_across_districts");
    return List.copyOf(c);
  }

  /** The tags a row of a former district carries beyond the area's. */
  static final String COMMUNES = "communes";

  static final String ACROSS = "communes_across_districts";

  /**
   * A former district's figures over periods across the reform: its own points up to 30 June 2025,
   * and from 1 July 2025 the sums of its successor communes (each commune formed from others counts
   * for the district most of its predecessors belonged to, {@link ReferenceData#formerDistrict};
   * one formed from more than one district is named in {@code communes_across_districts}). A period
   * that spans the reform sums both.
   *
   * @param districtPoints the district's points (scope district)
   * @param communePoints points of scope commune (any communes: the successors are chosen here)
   */
  public static List<Row> formerDistrict(
      String district,
      List<Point> districtPoints,
      List<Point> communePoints,
      ReferenceData reference,
      Period period) {
    java.util.Set<String> successors = new java.util.TreeSet<>();
    java.util.Set<String> across = new java.util.TreeSet<>();
    for (ReferenceData.Commune c : reference.communesOn(REFORM)) {
      if (!district.equals(reference.formerDistrict(c))) continue;
      successors.add(c.code());
      if (reference.formedAcrossDistricts(c)) across.add(c.code());
    }
    List<Point> all = new ArrayList<>(districtPoints);
    Map<String, java.util.Set<String>> communesByPeriod = new TreeMap<>();
    for (Point p : communePoints) {
      String commune = p.tags().get("commune");
      if (!successors.contains(commune)) continue;
      Map<String, String> tags = new TreeMap<>();
      tags.put("scope", "district");
      tags.put("province", p.tags().get("province"));
      tags.put("district", district);
      all.add(new Point(p.start(), p.end(), tags, p.counts()));
      communesByPeriod
          .computeIfAbsent(period.label(period.start(p.start())), k -> new java.util.TreeSet<>())
          .add(commune);
    }
    List<Row> out = new ArrayList<>();
    for (Row r : rows(all, period)) {
      Map<String, String> tags = new TreeMap<>(r.tags());
      java.util.Set<String> used = communesByPeriod.getOrDefault(r.period(), java.util.Set.of());
      tags.put(COMMUNES, String.join(";", used));
      java.util.Set<String> usedAcross = new java.util.TreeSet<>(used);
      usedAcross.retainAll(across);
      tags.put(ACROSS, String.join(";", usedAcross));
      out.add(new Row(r.period(), r.from(), r.until(), tags, r.counts()));
    }
    return out;
  }

  /** The first day of communes reporting to the province. */
  static final java.time.LocalDate REFORM = java.time.LocalDate.of(2025, 7, 1);

  /** A row's fields, as the CSV writes them (null: empty), for {@code columns}. */
  static List<String> fields(Row r, Names names, List<String> columns) {
    List<String> f = fields(r, names);
    for (int i = COLUMNS.size(); i < columns.size(); i++) {
      String v = r.tags().get(columns.get(i));
      f.add(v == null || v.isEmpty() ? null : v);
    }
    return f;
  }

  /** A row's fields, as the CSV writes them (null: empty). */
  static List<String> fields(Row r, Names names) {
    java.time.LocalDate day = r.from().toLocalDate();
    Map<String, String> t = r.tags();
    Counts c = r.counts();
    List<String> f = new ArrayList<>(COLUMNS.size());
    f.add(r.period());
    f.add(LOCAL.format(r.from()));
    f.add(LOCAL.format(r.until()));
    f.add(t.get("scope"));
    f.add(t.get("province"));
    f.add(t.get("district"));
    f.add(t.get("district") == null ? null : names.district(t.get("district"), day));
    f.add(t.get("commune"));
    f.add(t.get("commune") == null ? null : names.commune(t.get("commune"), day));
    f.add(t.get("unit"));
    f.add(t.get("unit") == null ? null : names.unit(t.get("unit"), day));
    f.add(t.get("service"));
    f.add(t.get("service") == null ? null : names.service(t.get("service"), day));
    for (long n :
        new long[] {
          c.received(),
          c.online,
          c.direct,
          c.postal,
          c.fullyOnline,
          c.resolvedOnTime,
          c.resolvedLate
        }) f.add(Long.toString(n));
    f.add(rate(c.onlineRatePct()));
    f.add(rate(c.fullyOnlineRatePct()));
    f.add(rate(c.onTimeRatePct()));
    return f;
  }

  /** A rate to two decimals with a point; null when it has no denominator. */
  static String rate(Double pct) {
    return pct == null
        ? null
        : BigDecimal.valueOf(pct).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** The numbers among the columns: the counts and the rates. */
  static final java.util.Set<String> NUMERIC =
      java.util.Set.copyOf(COLUMNS.subList(COLUMNS.indexOf("received"), COLUMNS.size()));

  /** The rows as a table of {@code columns}. */
  static Table table(List<Row> rows, Names names, List<String> columns) {
    List<List<String>> out = new ArrayList<>();
    for (Row r : rows) out.add(fields(r, names, columns));
    return new Table(columns, NUMERIC, out);
  }
}
