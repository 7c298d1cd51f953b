package vn.ioc.it;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;
import vn.ioc.feed.ContractViolation;
import vn.ioc.submissions.SubmissionDecoder;
import vn.ioc.submissions.SubmissionReport;

/**
 * What {@code service_rates} must hold for a JSON-lines file produced in order, computed the naive
 * way (every report added straight into every window and scope it belongs to), independently of the
 * job's rollup. Also tells which lines the job must refuse for a reason found after decoding.
 */
final class ServiceRatesOracle {
  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  static final long HORIZON = 3L * 86_400_000;
  static final long OUT_OF_ORDERNESS = 60_000;

  /** The earliest accepted event time: the default 2000-01-01, local midnight. */
  static final long EARLIEST =
      ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZONE).toInstant().toEpochMilli();

  /** How far an event time may lie after the record's arrival, by default. */
  static final long FUTURE_TOLERANCE = 15 * 60_000L;

  /** One message as the job reads it: its bytes, where it is on the topic, when it arrived. */
  @SuppressWarnings("ArrayRecordComponent") // read by the oracle, never compared or hashed
  record Message(byte[] value, int partition, long offset, long timestamp) {
    String position() {
      return partition + "/" + offset;
    }
  }

  final Map<String, long[]> windows = new TreeMap<>();
  final Map<String, Integer> refusedAfterDecoding = new TreeMap<>();

  /** Every refused message by its position ({@link Message#position}): the reason. */
  final Map<String, String> refused = new TreeMap<>();

  /** Messages accepted as a new report or a higher revision. */
  int counted;

  /** Messages accepted that changed nothing (the same or a lower revision). */
  int duplicates;

  /**
   * Lines of a file produced in order, keyed by unit: partitions as Kafka's default partitioner.
   */
  ServiceRatesOracle(List<String> lines, int partitions) {
    this(messages(lines, partitions));
  }

  private static List<Message> messages(List<String> lines, int partitions) {
    List<Message> out = new java.util.ArrayList<>();
    SubmissionDecoder decoder = new SubmissionDecoder();
    long offset = 0;
    for (String line : lines) {
      byte[] value = line.getBytes(StandardCharsets.UTF_8);
      int partition = 0;
      try {
        String unit = decoder.decode(value).unitCode;
        partition =
            Utils.toPositive(Utils.murmur2(unit.getBytes(StandardCharsets.UTF_8))) % partitions;
      } catch (ContractViolation v) {
        // refused anyway: its partition does not matter
      }
      out.add(new Message(value, partition, offset++, -1));
    }
    return out;
  }

  /**
   * Messages in their order within each partition (a report id must stay on one partition, as it
   * does when the key is its unit).
   */
  ServiceRatesOracle(List<Message> messages) {
    SubmissionDecoder decoder = new SubmissionDecoder();
    Map<Integer, Long> partitionMax = new HashMap<>();
    Map<String, SubmissionReport> accepted = new HashMap<>();
    List<String> order = new java.util.ArrayList<>();
    for (Message m : messages) {
      SubmissionReport r;
      try {
        r = decoder.decode(m.value());
      } catch (ContractViolation v) {
        refused.put(m.position(), v.reason());
        continue;
      }
      if (r.eventTime() < EARLIEST) {
        refused.put(m.position(), "too-old");
        continue;
      }
      if (m.timestamp() >= 0 && r.eventTime() > m.timestamp() + FUTURE_TOLERANCE) {
        refused.put(m.position(), "future-period");
        continue;
      }
      if (r.provinceCode == null) r.provinceCode = "40";
      int partition = m.partition();
      Long max = partitionMax.get(partition);
      if (max != null && r.eventTime() + HORIZON <= max - OUT_OF_ORDERNESS - 1) {
        refuse(m, "late");
        continue;
      }
      partitionMax.merge(partition, r.eventTime(), Math::max);
      if (finest(r) == null) {
        refuse(m, "period-too-long");
        continue;
      }
      SubmissionReport previous = accepted.get(r.reportId);
      if (previous == null) {
        accepted.put(r.reportId, r);
        order.add(r.reportId);
        counted++;
      } else if (!previous.sameIdentity(r)) {
        refuse(m, "revision-conflict");
      } else if (r.revision > previous.revision) {
        accepted.put(r.reportId, r);
        counted++;
      } else {
        duplicates++;
      }
    }
    for (String id : order) add(accepted.get(id));
  }

  private void refuse(Message m, String reason) {
    refused.put(m.position(), reason);
    refusedAfterDecoding.merge(reason, 1, Integer::sum);
  }

  static ChronoUnit[] UNITS = {
    ChronoUnit.MINUTES, ChronoUnit.HOURS, ChronoUnit.DAYS, ChronoUnit.MONTHS
  };
  static String[] WINDOW = {"1m", "1h", "1d", "1mo"};

  static ZonedDateTime truncate(long t, int level) {
    ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZONE);
    return level == 3
        ? z.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
        : z.truncatedTo(UNITS[level]);
  }

  static Integer finest(SubmissionReport r) {
    long last = r.periodEnd > r.periodStart ? r.periodEnd - 1 : r.periodStart;
    for (int level = 0; level < 4; level++) {
      if (truncate(r.periodStart, level).equals(truncate(last, level))) return level;
    }
    return null;
  }

  private void add(SubmissionReport r) {
    int from = finest(r);
    for (int level = from; level < 4; level++) {
      long start = truncate(r.periodStart, level).toInstant().toEpochMilli();
      if (level >= 1)
        addTo("unit_service", level, start, r.districtCode, r.unitCode, r.serviceCode, r);
      addTo("unit", level, start, r.districtCode, r.unitCode, null, r);
      if (r.districtCode != null) addTo("district", level, start, r.districtCode, null, null, r);
      addTo("province", level, start, null, null, null, r);
    }
  }

  private void addTo(
      String scope,
      int level,
      long start,
      String district,
      String unit,
      String service,
      SubmissionReport r) {
    long[] v =
        windows.computeIfAbsent(
            key(scope, WINDOW[level], district, unit, service, start), k -> new long[6]);
    v[0] += r.counts.online;
    v[1] += r.counts.direct;
    v[2] += r.counts.postal;
    v[3] += r.counts.fullyOnline;
    v[4] += r.counts.resolvedOnTime;
    v[5] += r.counts.resolvedLate;
  }

  static String key(
      String scope, String window, String district, String unit, String service, long start) {
    return scope
        + "|"
        + window
        + "|40|"
        + district
        + "|"
        + unit
        + "|"
        + service
        + "|"
        + Instant.ofEpochMilli(start);
  }

  /**
   * The fields each point must have, exactly: counts always, a rate only when its denominator is
   * not 0.
   */
  Map<String, Map<String, Object>> expectedPoints() {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    windows.forEach(
        (k, v) -> {
          Map<String, Object> f = new TreeMap<>();
          long received = v[0] + v[1] + v[2];
          f.put("received", received);
          f.put("online", v[0]);
          f.put("direct", v[1]);
          f.put("postal", v[2]);
          f.put("fully_online", v[3]);
          f.put("resolved_on_time", v[4]);
          f.put("resolved_late", v[5]);
          if (received > 0) {
            f.put("online_rate_pct", 100.0 * v[0] / received);
            f.put("fully_online_rate_pct", 100.0 * v[3] / received);
          }
          if (v[4] + v[5] > 0) f.put("on_time_rate_pct", 100.0 * v[4] / (v[4] + v[5]));
          out.put(k, f);
        });
    return out;
  }
}
