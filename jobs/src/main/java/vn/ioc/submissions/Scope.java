package vn.ioc.submissions;

import vn.ioc.calendar.WindowLevel;

/**
 * The aggregation scopes of {@code service_rates}, finest first. Reports enter at {@link
 * #UNIT_SERVICE}; each scope forwards the changes it received to the coarser scopes, which roll
 * them up themselves, so a record is aggregated once per scope and the province key only sees
 * per-window partial sums, never single records.
 */
public enum Scope {
  /**
   * Per unit and service: hours, days, months (minute changes pass straight on to the unit scope).
   */
  UNIT_SERVICE("unit_service", WindowLevel.HOUR),
  UNIT("unit", WindowLevel.MINUTE),
  DISTRICT("district", WindowLevel.MINUTE),
  PROVINCE("province", WindowLevel.MINUTE);

  private final String tag;
  private final WindowLevel finestPublished;

  Scope(String tag, WindowLevel finestPublished) {
    this.tag = tag;
    this.finestPublished = finestPublished;
  }

  /** The value of the {@code scope} tag. */
  public String tag() {
    return tag;
  }

  public boolean publishes(WindowLevel level) {
    return level.ordinal() >= finestPublished.ordinal();
  }
}
