package vn.ioc.progress;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import vn.ioc.feed.Decoded;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/** Test reports and a readable form of the points the progress job writes. */
final class Items {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  private Items() {}

  /** Epoch ms of a local date-time in Asia/Ho_Chi_Minh, e.g. {@code 2024-03-01T10:00}. */
  static long at(String local) {
    return LocalDateTime.parse(local).atZone(HCM).toInstant().toEpochMilli();
  }

  static String local(long t) {
    return java.time.Instant.ofEpochMilli(t).atZone(HCM).toLocalDateTime().toString();
  }

  /**
   * A report; {@code pct} NaN for none, {@code plannedStart} null for none, {@code group} null for
   * none.
   */
  static ProgressReport report(
      String reportId,
      String item,
      String kind,
      String group,
      String owner,
      String status,
      double pct,
      String plannedStart,
      String deadline,
      String reportedAt) {
    ProgressReport r = new ProgressReport();
    r.reportId = reportId;
    r.itemId = item;
    r.kind = kind;
    r.title = "Mục " + item;
    r.group = group;
    r.ownerUnit = owner;
    r.responsible = "Phó Giám đốc " + owner;
    r.status = status;
    r.progressPct = pct;
    r.plannedStart =
        plannedStart == null ? ProgressReport.NONE : LocalDate.parse(plannedStart).toEpochDay();
    r.deadline = LocalDate.parse(deadline).toEpochDay();
    r.reportedAt = at(reportedAt);
    return r;
  }

  static <T> Decoded<T> onPartition(int partition, long offset, T value) {
    return Decoded.valid(value, partition, offset);
  }

  /**
   * {@code item_status A @2024-03-02T00:00 status=IN_PROGRESS ...}: the point's series, local time
   * and the fields named (all when none are named).
   */
  static String show(IndicatorUpdate u, String... fields) {
    InfluxPoint p = u.point;
    Map<String, Object> all = new TreeMap<>();
    all.putAll(p.longFields);
    all.putAll(p.doubleFields);
    all.putAll(p.stringFields);
    StringBuilder b = new StringBuilder(p.measurement);
    new TreeMap<>(p.tags).forEach((k, v) -> b.append(',').append(k).append('=').append(v));
    b.append(" @").append(local(p.timeMillis));
    if (fields.length == 0) all.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    for (String f : fields) b.append(' ').append(f).append('=').append(all.get(f));
    if (p.replace) b.append(" (replace)");
    return b.toString();
  }
}
