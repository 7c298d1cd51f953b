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
  UNIT_SERVICE("unit_service", WindowLevel.HOUR, 0),
  UNIT("unit", WindowLevel.MINUTE, 1),
  DISTRICT("district", WindowLevel.MINUTE, 2),
  /** The communes, from 1 July 2025 the areas below the province (same windows as a district). */
  COMMUNE("commune", WindowLevel.MINUTE, 4),
  PROVINCE("province", WindowLevel.MINUTE, 3);

  private final String tag;
  private final WindowLevel finestPublished;
  private final byte stateCode;

  Scope(String tag, WindowLevel finestPublished, int stateCode) {
    this.tag = tag;
    this.finestPublished = finestPublished;
    this.stateCode = (byte) stateCode;
  }

  /**
   * The scope's code in checkpointed state: fixed for good, so a scope added later (anywhere in
   * this list) takes a new code and a savepoint restores each scope as itself.
   */
  public byte stateCode() {
    return stateCode;
  }

  /** The scope whose {@link #stateCode} is {@code code}. */
  public static Scope ofStateCode(int code) {
    for (Scope s : values()) if (s.stateCode == code) return s;
    throw new IllegalArgumentException("no scope has state code " + code);
  }

  /** The value of the {@code scope} tag. */
  public String tag() {
    return tag;
  }

  /** Whether this scope writes windows of {@code level}. */
  public boolean publishes(WindowLevel level) {
    return level.compareTo(finestPublished) >= 0;
  }
}
