package vn.ioc.submissions;

import java.util.List;

/**
 * Which coarser scopes a change of a series is handed to, without Flink: a unit×service change to
 * its unit; a unit's change to its district (when it has one) and to the province. The district and
 * the province hand nothing on.
 */
final class ScopeForwarding {
  private ScopeForwarding() {}

  /** The contributions of a window's change to the coarser scopes, in the order they are sent. */
  static List<Contribution> upward(
      SeriesTags series, int level, long start, Counts delta, long asOf, boolean decreased) {
    return switch (series.scope) {
      case UNIT_SERVICE ->
          List.of(contribution(Scope.UNIT, series, level, start, delta, asOf, decreased));
      case UNIT ->
          series.district == null
              ? List.of(contribution(Scope.PROVINCE, series, level, start, delta, asOf, decreased))
              : List.of(
                  contribution(Scope.DISTRICT, series, level, start, delta, asOf, decreased),
                  contribution(Scope.PROVINCE, series, level, start, delta, asOf, decreased));
      case DISTRICT, PROVINCE -> List.of();
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
    c.district = target == Scope.PROVINCE ? null : series.district;
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
