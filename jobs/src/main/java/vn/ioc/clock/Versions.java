package vn.ioc.clock;

import java.util.List;

/**
 * The versions of one control input (a rule, a silence), each in force from the time it takes
 * effect, in engine time: kept as two parallel lists, ascending by time, in a Flink POJO's fields.
 * A decision at {@code t} looks up the version in force at {@code t}, so a replay decides as the
 * live run did, whatever the order in which the control and the data are read. Reading the same
 * messages again leaves the same versions (a restart re-reads the control topic).
 */
public final class Versions {
  private Versions() {}

  /** The time of a version written without a stamp: in force from the start of time. */
  public static final long UNSTAMPED = Long.MIN_VALUE;

  /**
   * Adds {@code value} in force from {@code at}, replacing a version of the same time. A version
   * without a stamp ({@link #UNSTAMPED}) replaces them all: it says what holds, from the start. The
   * latest {@code kept} versions are kept.
   */
  public static <T> void put(List<Long> from, List<T> values, long at, T value, int kept) {
    if (at == UNSTAMPED) {
      from.clear();
      values.clear();
    }
    int i = 0;
    while (i < from.size() && from.get(i) < at) i++;
    if (i < from.size() && from.get(i) == at) {
      values.set(i, value);
    } else {
      from.add(i, at);
      values.add(i, value);
    }
    while (from.size() > kept) {
      from.remove(0);
      values.remove(0);
    }
  }

  /** The index of the version in force at {@code t}, or -1 when none is. */
  public static int at(List<Long> from, long t) {
    int i = -1;
    while (i + 1 < from.size() && from.get(i + 1) <= t) i++;
    return i;
  }
}
