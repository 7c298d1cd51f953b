package vn.ioc.tools;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Kafka topic of the engine, in one table: partitions, retention and the message field that
 * is the Kafka key. {@link TopicsTool} creates them from it and {@link ProduceTool} takes its
 * default key field from it.
 *
 * <p>Retention is always explicit, never the broker's default: the inputs keep 400 days because a
 * bounded recompute reads the whole retained history. Every topic whose records are deleted by age
 * keeps the broker's append time as record timestamp: Kafka deletes a segment once its newest
 * record timestamp is older than the retention, so a record stamped by its sender with a simulated
 * or replayed past (the demo's 2024) would be deleted at the next roll. The records' own times are
 * in their bodies; the record timestamp only says when the record was written.
 */
public final class IocTopics {
  private IocTopics() {}

  /** One topic: its name, partition count, topic-level configs and key field (null: none). */
  public record TopicSpec(
      String name, int partitions, Map<String, String> configs, String keyField) {}

  public static final List<TopicSpec> ALL =
      List.of(
          topic("ioc.submissions", 3, arrivalTime(retention(Duration.ofDays(400))), "unitCode"),
          topic("ioc.progress", 3, arrivalTime(retention(Duration.ofDays(400))), "itemId"),
          topic("ioc.clock", 1, arrivalTime(retention(Duration.ofDays(400))), null),
          topic(
              "ioc.deadletter",
              1,
              arrivalTime(with(retention(Duration.ofDays(30)), "max.message.bytes", "2097152")),
              null),
          topic("ioc.indicators", 3, arrivalTime(retention(Duration.ofDays(7))), null),
          topic("ioc.alerts", 1, arrivalTime(retention(Duration.ofDays(400))), null),
          topic("ioc.notifications", 1, arrivalTime(retention(Duration.ofDays(30))), "recipient"),
          topic("ioc.alert-rules", 1, compacted(), null),
          topic("ioc.alert-acks", 1, arrivalTime(retention(Duration.ofDays(400))), "alertId"),
          topic("ioc.alert-silences", 1, compacted(), "id"));

  public static Optional<TopicSpec> find(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The key field of a topic's messages, or null when the table names none. */
  public static String keyField(String topic) {
    return find(topic).map(TopicSpec::keyField).orElse(null);
  }

  private static TopicSpec topic(
      String name, int partitions, Map<String, String> configs, String keyField) {
    return new TopicSpec(name, partitions, Map.copyOf(configs), keyField);
  }

  private static Map<String, String> retention(Duration d) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cleanup.policy", "delete");
    m.put("retention.ms", Long.toString(d.toMillis()));
    // Size never cuts history short; time is the only retention rule.
    m.put("retention.bytes", "-1");
    return m;
  }

  /**
   * The broker stamps each record with its own clock when it appends it, so a sender's clock never
   * decides: neither the retention of a record (above) nor, on the feeds, the bound of its event
   * time by its arrival ({@code feed.TimeBounds}); a recompute reads the same stamp again.
   */
  private static Map<String, String> arrivalTime(Map<String, String> m) {
    return with(m, "message.timestamp.type", "LogAppendTime");
  }

  private static Map<String, String> compacted() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cleanup.policy", "compact");
    return m;
  }

  private static Map<String, String> with(Map<String, String> m, String key, String value) {
    m.put(key, value);
    return m;
  }
}
