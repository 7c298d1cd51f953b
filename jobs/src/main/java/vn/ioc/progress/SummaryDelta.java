package vn.ioc.progress;

/**
 * A change of one summary ({@link #key}: kind, scope and its name) that takes effect at {@link
 * #boundary}, the summary time it is counted in. A delta of zeros still marks the summary as
 * touched, so a point is written at that boundary whatever the order deltas arrive in. A Flink
 * POJO.
 */
public class SummaryDelta {
  public static final String PROVINCE = "province";
  public static final String GROUP = "group";
  public static final String OWNER_UNIT = "owner_unit";

  /** {@code kind|scope|name}; the name is empty for the province. */
  public String key;

  public long boundary;
  public SummaryCounts counts;

  public SummaryDelta() {}

  public SummaryDelta(String key, long boundary, SummaryCounts counts) {
    this.key = key;
    this.boundary = boundary;
    this.counts = counts;
  }

  public static String key(String kind, String scope, String name) {
    return kind + '|' + scope + '|' + name;
  }

  public String getKey() {
    return key;
  }

  @Override
  public String toString() {
    return key + "@" + boundary + " " + counts;
  }
}
