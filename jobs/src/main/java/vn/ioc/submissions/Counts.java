package vn.ioc.submissions;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Application counts of one report or one window: received by channel, fully online, resolved on
 * time and late. Flink serializes it in a packed form ({@link PackedForms}); {@code add}/{@code
 * subtract} mutate in place (hot path, no allocation).
 */
@TypeInfo(PackedForms.CountsForm.Factory.class)
public class Counts {
  public long online;
  public long direct;
  public long postal;
  public long fullyOnline;
  public long resolvedOnTime;
  public long resolvedLate;

  public Counts() {}

  public Counts(
      long online,
      long direct,
      long postal,
      long fullyOnline,
      long resolvedOnTime,
      long resolvedLate) {
    this.online = online;
    this.direct = direct;
    this.postal = postal;
    this.fullyOnline = fullyOnline;
    this.resolvedOnTime = resolvedOnTime;
    this.resolvedLate = resolvedLate;
  }

  public long received() {
    return Math.addExact(Math.addExact(online, direct), postal);
  }

  /** Online applications per 100 received; null when none was received. */
  public Double onlineRatePct() {
    long r = received();
    return r == 0 ? null : 100.0 * online / r;
  }

  /** Fully online applications per 100 received; null when none was received. */
  public Double fullyOnlineRatePct() {
    long r = received();
    return r == 0 ? null : 100.0 * fullyOnline / r;
  }

  /** Applications resolved on time per 100 resolved; null when none was resolved. */
  public Double onTimeRatePct() {
    long resolved = resolvedOnTime + resolvedLate;
    return resolved == 0 ? null : 100.0 * resolvedOnTime / resolved;
  }

  public Counts copy() {
    return new Counts(online, direct, postal, fullyOnline, resolvedOnTime, resolvedLate);
  }

  public void add(Counts o) {
    online = Math.addExact(online, o.online);
    direct = Math.addExact(direct, o.direct);
    postal = Math.addExact(postal, o.postal);
    fullyOnline = Math.addExact(fullyOnline, o.fullyOnline);
    resolvedOnTime = Math.addExact(resolvedOnTime, o.resolvedOnTime);
    resolvedLate = Math.addExact(resolvedLate, o.resolvedLate);
  }

  public void subtract(Counts o) {
    online = Math.subtractExact(online, o.online);
    direct = Math.subtractExact(direct, o.direct);
    postal = Math.subtractExact(postal, o.postal);
    fullyOnline = Math.subtractExact(fullyOnline, o.fullyOnline);
    resolvedOnTime = Math.subtractExact(resolvedOnTime, o.resolvedOnTime);
    resolvedLate = Math.subtractExact(resolvedLate, o.resolvedLate);
  }

  /** {@code this - o} as a new value. */
  public Counts minus(Counts o) {
    Counts d = copy();
    d.subtract(o);
    return d;
  }

  /** Some count is negative (a change that takes applications away). */
  public boolean anyNegative() {
    return online < 0
        || direct < 0
        || postal < 0
        || fullyOnline < 0
        || resolvedOnTime < 0
        || resolvedLate < 0;
  }

  public boolean isZero() {
    return online == 0
        && direct == 0
        && postal == 0
        && fullyOnline == 0
        && resolvedOnTime == 0
        && resolvedLate == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Counts c
        && online == c.online
        && direct == c.direct
        && postal == c.postal
        && fullyOnline == c.fullyOnline
        && resolvedOnTime == c.resolvedOnTime
        && resolvedLate == c.resolvedLate;
  }

  @Override
  public int hashCode() {
    return Objects.hash(online, direct, postal, fullyOnline, resolvedOnTime, resolvedLate);
  }

  @Override
  public String toString() {
    return "Counts{online="
        + online
        + ", direct="
        + direct
        + ", postal="
        + postal
        + ", fullyOnline="
        + fullyOnline
        + ", onTime="
        + resolvedOnTime
        + ", late="
        + resolvedLate
        + "}";
  }
}
