package vn.ioc.submissions;

import org.apache.flink.api.common.functions.MapFunction;
import vn.ioc.health.KnownCodes;

/**
 * Leaves out of a report the district that had ended by its day (since 1 July 2025 every district
 * has): the report still counts for its unit, its commune and the province, but opens no district
 * series after the district's end. Feed health counts such reports ({@code ended_district}), so the
 * sender can be told. A code the reference data does not list is kept, as every unknown code is.
 */
final class EndedDistricts implements MapFunction<SubmissionReport, SubmissionReport> {
  private static final long serialVersionUID = 1L;

  private final KnownCodes known;

  EndedDistricts(KnownCodes known) {
    this.known = known;
  }

  @Override
  public SubmissionReport map(SubmissionReport r) {
    if (!known.districtEnded(r.districtCode, r.periodStart)) return r;
    SubmissionReport kept = PackedForms.ReportForm.INSTANCE.copy(r);
    kept.districtCode = null;
    return kept;
  }
}
