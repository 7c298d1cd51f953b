package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.ioc.tools.IocTopics.TopicSpec;

class IocTopicsTest {
  private static String retention(String topic) {
    return IocTopics.find(topic).orElseThrow().configs().get("retention.ms");
  }

  @Test
  void everyTopicHasAnExplicitCleanupRule() {
    Set<String> names = new HashSet<>();
    for (TopicSpec t : IocTopics.ALL) {
      assertTrue(names.add(t.name()), "unique " + t.name());
      assertTrue(t.partitions() >= 1);
      String policy = t.configs().get("cleanup.policy");
      assertTrue(
          "compact".equals(policy)
              || ("delete".equals(policy) && t.configs().containsKey("retention.ms")),
          t.name());
    }
    assertEquals(10, IocTopics.ALL.size());
  }

  @Test
  void retentionAndPartitionsAreTheAgreedOnes() {
    long day = Duration.ofDays(1).toMillis();
    assertEquals(Long.toString(400 * day), retention("ioc.submissions"));
    assertEquals(Long.toString(400 * day), retention("ioc.progress"));
    assertEquals(Long.toString(400 * day), retention("ioc.clock"));
    assertEquals(Long.toString(30 * day), retention("ioc.deadletter"));
    assertEquals(Long.toString(7 * day), retention("ioc.indicators"));
    assertEquals(Long.toString(30 * day), retention("ioc.notifications"));
    assertEquals(
        "2097152",
        IocTopics.find("ioc.deadletter").orElseThrow().configs().get("max.message.bytes"));
    assertEquals(
        "compact", IocTopics.find("ioc.alert-rules").orElseThrow().configs().get("cleanup.policy"));
    assertEquals(
        "compact",
        IocTopics.find("ioc.alert-silences").orElseThrow().configs().get("cleanup.policy"));
    assertEquals(3, IocTopics.find("ioc.submissions").orElseThrow().partitions());
    assertEquals(1, IocTopics.find("ioc.deadletter").orElseThrow().partitions());
  }

  /**
   * Kafka deletes a segment once its newest record timestamp is older than the retention: every
   * topic deleted by age is stamped by the broker, so a sender's simulated past (the demo's 2024)
   * never makes a live demo's records go early. Compacted topics keep the producer's stamp.
   */
  @Test
  void everyTopicDeletedByAgeIsStampedByTheBroker() {
    Set<String> stamped = new HashSet<>();
    for (TopicSpec t : IocTopics.ALL)
      if ("LogAppendTime".equals(t.configs().get("message.timestamp.type"))) stamped.add(t.name());
    assertEquals(
        Set.of(
            "ioc.submissions",
            "ioc.progress",
            "ioc.clock",
            "ioc.deadletter",
            "ioc.indicators",
            "ioc.alerts",
            "ioc.notifications",
            "ioc.alert-acks"),
        stamped);
  }

  @Test
  void keyFields() {
    assertEquals("unitCode", IocTopics.keyField("ioc.submissions"));
    assertEquals("itemId", IocTopics.keyField("ioc.progress"));
    assertNull(IocTopics.keyField("ioc.clock"));
    assertNull(IocTopics.keyField("no.such.topic"));
  }

  @Test
  void describeSaysPartitionsAndRetention() {
    assertEquals(
        "ioc.submissions (3 partitions, retention 400d)",
        TopicsTool.describe(IocTopics.find("ioc.submissions").orElseThrow()));
    assertEquals(
        "ioc.alert-rules (1 partition, compacted)",
        TopicsTool.describe(IocTopics.find("ioc.alert-rules").orElseThrow()));
  }
}
