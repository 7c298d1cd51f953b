package vn.ioc.deadletter;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/**
 * The dead-letter path every job shares: one side-output tag, and counters per reason
 * ({@code deadLetters} in metric group {@code reason=<code>}) so refusals show on the job's metrics.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** Side output of every operator that refuses records. */
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  /** Counts dead letters by reason on one operator's metric group; create in {@code open}. */
  public static final class Counters {
    private final MetricGroup group;
    private final Map<String, Counter> byReason = new HashMap<>();

    public Counters(MetricGroup group) {
      this.group = group;
    }

    public void count(String reason) {
      byReason.computeIfAbsent(reason, r -> group.addGroup("reason", r).counter("deadLetters")).inc();
    }
  }
}
