package vn.ioc.submissions;

/**
 * The cap on unit×service series one parallel instance of {@link WindowRollup} holds state for,
 * without Flink: its share of the job's limit, so a broken feed cannot explode InfluxDB. The count
 * in use is checkpointed as union state, so after a rescale each instance takes an even share.
 */
final class SeriesBudget {
  private final int maxSeries;
  private int inUse;

  SeriesBudget(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** This instance's share of the limit. */
  int share(int parallelism) {
    return (maxSeries + parallelism - 1) / parallelism;
  }

  /** Takes a place for a new series; false when the share is used up. */
  boolean open(int parallelism) {
    if (inUse >= share(parallelism)) return false;
    inUse++;
    return true;
  }

  /** Gives a dropped series' place back. */
  void release() {
    inUse--;
  }

  int inUse() {
    return inUse;
  }

  /**
   * After a restore: the counts every instance checkpointed, spread evenly over {@code parallelism}
   * instances (an estimate until the series each really holds are dropped or counted again).
   */
  void restore(Iterable<Integer> checkpointed, int parallelism) {
    int total = 0;
    int instances = 0;
    for (Integer n : checkpointed) {
      total += n;
      instances++;
    }
    inUse =
        instances == parallelism
            ? total / Math.max(1, instances)
            : (total + parallelism - 1) / parallelism;
  }
}
