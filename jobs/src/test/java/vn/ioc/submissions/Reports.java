package vn.ioc.submissions;

import java.time.OffsetDateTime;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.feed.Decoded;

/** Test data builders for submission reports (local times in +07:00). */
final class Reports {
  private Reports() {}

  static long at(String localDateTime) {
    return OffsetDateTime.parse(localDateTime + "+07:00").toInstant().toEpochMilli();
  }

  static SubmissionReport instant(
      String id,
      long revision,
      String unit,
      String district,
      String service,
      String at,
      long online,
      long direct) {
    SubmissionReport r = base(id, revision, unit, district, service);
    r.periodStart = at(at);
    r.periodEnd = r.periodStart;
    r.hasPeriodEnd = false;
    r.counts = new Counts(online, direct, 0, 0, 0, 0);
    return r;
  }

  static SubmissionReport period(
      String id,
      long revision,
      String unit,
      String district,
      String service,
      String from,
      String to,
      Counts counts) {
    SubmissionReport r = base(id, revision, unit, district, service);
    r.periodStart = at(from);
    r.periodEnd = at(to);
    r.hasPeriodEnd = true;
    r.counts = counts;
    return r;
  }

  private static SubmissionReport base(
      String id, long revision, String unit, String district, String service) {
    SubmissionReport r = new SubmissionReport();
    r.reportId = id;
    r.revision = revision;
    r.unitCode = unit;
    r.districtCode = district;
    r.serviceCode = service;
    return r;
  }

  /** Messages of the fixtures arrive one a second from this instant (their Kafka timestamps). */
  static final long ARRIVAL = at("2024-04-02T10:00:00");

  static Decoded<SubmissionReport> onPartition(int partition, long offset, SubmissionReport r) {
    return Decoded.valid(r, partition, offset).from(ARRIVAL + offset * 1000, r.unitCode);
  }

  static Decoded<SubmissionReport> refused(String reason, int partition, long offset) {
    DeadLetter d = new DeadLetter(reason, "test");
    d.sourceTopic = "ioc.submissions";
    d.sourcePartition = partition;
    d.sourceOffset = offset;
    d.sourceTimestamp = ARRIVAL + offset * 1000;
    return Decoded.refused(d);
  }
}
