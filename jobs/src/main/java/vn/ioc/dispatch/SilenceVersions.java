package vn.ioc.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.clock.Versions;

/**
 * The versions of one silence ({@code ioc.alert-silences}, by id), each in force from when it was
 * made ({@code createdAt}, or the message's {@code created-at} stamp; from the start of time
 * without one), a deletion included: a notice at {@code t} is held by the version in force at
 * {@code t}, so a silence edited or deleted at 11:00 still held what it held before 11:00, live and
 * in every recompute. A deletion without a stamp deletes every version. A Flink POJO (broadcast
 * state).
 */
public class SilenceVersions implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final int KEPT = 10;

  /** Ascending. */
  public List<Long> from = new ArrayList<>();

  public List<Silence> silences = new ArrayList<>();

  public SilenceVersions() {}

  public SilenceVersions copy() {
    SilenceVersions c = new SilenceVersions();
    c.from = new ArrayList<>(from);
    c.silences = new ArrayList<>(silences);
    return c;
  }

  /** Adds a version (or a deletion) in force from when it was made. */
  public void put(Silence s) {
    Versions.put(from, silences, s.createdAt, s, KEPT);
  }

  /** The version in force at {@code t}, if it holds the notices of {@code a} then. */
  boolean holds(AlertEvent a, long t) {
    int i = Versions.at(from, t);
    return i >= 0 && silences.get(i).holds(a, t);
  }

  /** Whether no version can hold anything at or after {@code t}. */
  public boolean endedBy(long t) {
    for (int i = 0; i < silences.size(); i++) {
      Silence s = silences.get(i);
      boolean superseded = i + 1 < from.size() && from.get(i + 1) <= t;
      if (!s.deleted && s.endsAt > t && !superseded) return false;
    }
    return true;
  }

  /** The silence (the first by id) that holds the notices of {@code a} at {@code t}, or null. */
  public static Silence holding(
      Iterable<Map.Entry<String, SilenceVersions>> all, AlertEvent a, long t) {
    Silence found = null;
    for (Map.Entry<String, SilenceVersions> e : all) {
      SilenceVersions v = e.getValue();
      if ((found == null || e.getKey().compareTo(found.id) < 0) && v.holds(a, t))
        found = v.silences.get(Versions.at(v.from, t));
    }
    return found;
  }
}
