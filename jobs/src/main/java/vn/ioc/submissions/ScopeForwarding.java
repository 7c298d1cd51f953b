package vn.ioc.submissions;

import java.util.List;

/**
 * Which coarser scopes a change of a series is handed to, without Flink: a unit×service change to
 * its unit; a unit's change to its district and its commune (when it has them) and to the province.
 * The district, the commune and the province hand nothing on.
 */
final class ScopeForwarding {
  private ScopeForwarding() {}

  /** The contributions of a window's change to the coarser scopes, in the order they are sent. */
  static List<Contribution> upward(
      SeriesTags series, int level, long start, Counts delta, long asOf, boolean decreased) {
    return switch (series.scope) {
      case UNIT_SERVICE ->
          List.of(contribution(Scope.UNIT, series, level, start, delta, asOf, decreased));
      case UNIT -> {
        List<Contribution> up = new java.util.ArrayList<>(3);
        if (series.district != null)
          up.add(contribution(Scope.DISTRICT, series, level, start, delta, asOf, decreased));
        if (series.commune != null)
          up.add(contribution(Scope.COMMUNE, series, level, start, delta, asOf, decreased));
        up.add(contribution(Scope.PROVINCE, series, level, start, delta, asOf, decreased));
        yield up;
      }
      case DISTRICT, COMMUNE, PROVINCE -> List.of();
    };
  }

  private static Contribution contribution(
      Scope target,
      SeriesTags series,
      int level,
      long start,
      Counts delta,
      long asOf,
      boolean decreased) {
    Contribution c = new Contribution();
    c.scope = target;
    c.province = series.province;
    c.district = target == Scope.PROVINCE || target == Scope.COMMUNE ? null : series.district;
    c.commune = target == Scope.PROVINCE || target == Scope.DISTRICT ? null : series.commune;
    c.unit = target == Scope.UNIT ? series.unit : null;
    c.service = null;
    c.level = level;
    c.windowStart = start;
    c.delta = delta.copy();
    c.asOf = asOf;
    c.decreased = decreased;
    return c;
  }
}
