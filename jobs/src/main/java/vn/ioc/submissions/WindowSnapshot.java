package vn.ioc.submissions;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The value of one {@code service_rates} series at one window, as written to InfluxDB and the
 * indicator bus. Flink serializes it in a packed form ({@link PackedForms}).
 */
@TypeInfo(PackedForms.SnapshotForm.Factory.class)
public class WindowSnapshot {
  public Scope scope;

  /** The {@code window} tag: 1m, 1h, 1d, 1mo. */
  public String window;

  public String province;
  public String district;
  public String commune;
  public String unit;
  public String service;
  public long windowStart;
  public long windowEnd;
  public Counts counts;

  /** The latest event time the value includes. */
  public long asOf;

  /** True once the watermark has passed the window's end: later writes are corrections. */
  public boolean isFinal;

  /**
   * True when an earlier write of this point may hold fields this one no longer has (a rate whose
   * denominator went to 0): the point must be replaced, not merged.
   */
  public boolean replace;

  public WindowSnapshot() {}

  public Double onlineRatePct() {
    return counts.onlineRatePct();
  }

  public Double fullyOnlineRatePct() {
    return counts.fullyOnlineRatePct();
  }

  public Double onTimeRatePct() {
    return counts.onTimeRatePct();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowSnapshot s
        && scope == s.scope
        && windowStart == s.windowStart
        && windowEnd == s.windowEnd
        && asOf == s.asOf
        && isFinal == s.isFinal
        && replace == s.replace
        && Objects.equals(window, s.window)
        && Objects.equals(province, s.province)
        && Objects.equals(district, s.district)
        && Objects.equals(commune, s.commune)
        && Objects.equals(unit, s.unit)
        && Objects.equals(service, s.service)
        && Objects.equals(counts, s.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, window, province, district, unit, service, windowStart);
  }

  @Override
  public String toString() {
    return "WindowSnapshot{"
        + scope.tag()
        + " "
        + window
        + " "
        + province
        + "/"
        + district
        + "/"
        + unit
        + "/"
        + service
        + " @"
        + java.time.Instant.ofEpochMilli(windowStart)
        + " "
        + counts
        + (isFinal ? " final" : "")
        + (replace ? " replace" : "")
        + "}";
  }
}
