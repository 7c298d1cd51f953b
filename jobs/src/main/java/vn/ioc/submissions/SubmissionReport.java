package vn.ioc.submissions;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import vn.ioc.health.FeedRecord;

/**
 * One decoded, contract-valid message of {@code ioc.submissions}: the counts one reporting system
 * gives for one period, one receiving unit and one service. Flink serializes it in a packed form
 * ({@link PackedForms}).
 */
@TypeInfo(PackedForms.ReportForm.Factory.class)
public class SubmissionReport implements FeedRecord {
  public String reportId;
  public long revision;
  public String unitCode;

  /** Null when the message has none. */
  public String unitName;

  /** Null for province-level agencies, and from 1 July 2025. */
  public String districtCode;

  /** Null for province-level agencies. */
  public String communeCode;

  /** Null when the message has none: the job fills in the configured default. */
  public String provinceCode;

  public String serviceCode;

  /** Epoch milliseconds, inclusive. */
  public long periodStart;

  /** Epoch milliseconds, exclusive; equals {@link #periodStart} for an instant report. */
  public long periodEnd;

  /** True when the message had a {@code periodEnd}; false for an instant. */
  public boolean hasPeriodEnd;

  public Counts counts = new Counts();

  /** Kafka coordinates of the message (for dead letters); -1 when unknown. */
  public int sourcePartition = -1;

  public long sourceOffset = -1;
  public long sourceTimestamp = -1;

  public SubmissionReport() {}

  /** Lateness is measured from the end of the period (its start for an instant). */
  @Override
  public long eventTime() {
    return periodEnd;
  }

  @Override
  public String eventTimeField() {
    return hasPeriodEnd ? "periodEnd" : "periodStart";
  }

  /**
   * What a revision must keep: the period, unit, district, commune and service of the original
   * report (and the province it was counted in).
   */
  public boolean sameIdentity(SubmissionReport o) {
    return periodStart == o.periodStart
        && periodEnd == o.periodEnd
        && hasPeriodEnd == o.hasPeriodEnd
        && Objects.equals(unitCode, o.unitCode)
        && Objects.equals(districtCode, o.districtCode)
        && Objects.equals(communeCode, o.communeCode)
        && Objects.equals(provinceCode, o.provinceCode)
        && Objects.equals(serviceCode, o.serviceCode);
  }

  @Override
  public void sourcedFrom(int partition, long offset, long timestamp) {
    sourcePartition = partition;
    sourceOffset = offset;
    sourceTimestamp = timestamp;
  }

  @Override
  public String feedUnit() {
    return unitCode;
  }

  @Override
  public String feedService() {
    return serviceCode;
  }

  @Override
  public long feedPeriodStart() {
    return periodStart;
  }

  @Override
  public String feedDistrict() {
    return districtCode;
  }

  @Override
  public String feedCommune() {
    return communeCode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubmissionReport r
        && revision == r.revision
        && Objects.equals(reportId, r.reportId)
        && Objects.equals(unitName, r.unitName)
        && sameIdentity(r)
        && Objects.equals(counts, r.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reportId, revision, unitCode, serviceCode, periodStart);
  }

  @Override
  public String toString() {
    return "SubmissionReport{"
        + reportId
        + "#"
        + revision
        + " "
        + unitCode
        + "/"
        + districtCode
        + "/"
        + communeCode
        + "/"
        + serviceCode
        + " ["
        + periodStart
        + ","
        + periodEnd
        + ") "
        + counts
        + "}";
  }
}
