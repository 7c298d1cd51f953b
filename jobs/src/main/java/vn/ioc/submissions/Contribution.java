package vn.ioc.submissions;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A change to the counts of one series at one window: what a report adds (or, for a revision,
 * changes) in the scope it enters, and what a finer scope forwards to a coarser one. Flink
 * serializes it in a packed form ({@link PackedForms}).
 */
@TypeInfo(PackedForms.ContributionForm.Factory.class)
public class Contribution {
  public Scope scope;
  public String province;

  /** Null above or outside a district. */
  public String district;

  /** Null above or outside a commune. */
  public String commune;

  /** Null above the unit scopes. */
  public String unit;

  /** Null outside the unit_service scope. */
  public String service;

  /** Ordinal of the {@link vn.ioc.calendar.WindowLevel} whose window receives the change. */
  public int level;

  public long windowStart;
  public Counts delta;

  /** The latest event time the change includes (epoch ms). */
  public long asOf;

  /**
   * The change comes from a window that went down at least once (a revision), so rates derived from
   * it may have vanished: see {@link WindowRollup}'s replace rule. A net change can be positive
   * although some count went down on the way.
   */
  public boolean decreased;

  public Contribution() {}

  /**
   * The key of the series this contribution belongs to: scope and every tag the scope writes (a
   * unit reported under another district or commune is another series), so the number of series of
   * every scope is bounded by the number of unit×service series.
   */
  public String seriesKey() {
    return switch (scope) {
      case UNIT_SERVICE ->
          "us/" + unit + '|' + service + '|' + district + (commune == null ? "" : '|' + commune);
      case UNIT -> "u/" + unit + '|' + district + (commune == null ? "" : '|' + commune);
      case DISTRICT -> "d/" + district;
      case COMMUNE -> "c/" + commune;
      case PROVINCE -> "p/" + province;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Contribution c
        && scope == c.scope
        && level == c.level
        && windowStart == c.windowStart
        && asOf == c.asOf
        && Objects.equals(province, c.province)
        && Objects.equals(district, c.district)
        && Objects.equals(commune, c.commune)
        && Objects.equals(unit, c.unit)
        && Objects.equals(service, c.service)
        && Objects.equals(delta, c.delta);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, province, district, commune, unit, service, level, windowStart);
  }

  @Override
  public String toString() {
    return "Contribution{"
        + scope
        + " "
        + seriesKey()
        + " L"
        + level
        + "@"
        + windowStart
        + " "
        + delta
        + "}";
  }
}
