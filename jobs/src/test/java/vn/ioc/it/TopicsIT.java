package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The topics deleted by age keep the broker's arrival time as record timestamp: {@code deploy/ioc
 * topics} sets it back on a topic where it was changed, and a sender's own timestamp never survives
 * (a simulated past would be deleted at the next roll).
 */
class TopicsIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("topics");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  static String timestampType(Admin admin, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin
        .describeConfigs(List.of(r))
        .all()
        .get(30, TimeUnit.SECONDS)
        .get(r)
        .get("message.timestamp.type")
        .value();
  }

  @Test
  void topicsSetsTheArrivalTimeBackWhereItWasChanged() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", RealServices.KAFKA))) {
      ConfigResource clock = new ConfigResource(ConfigResource.Type.TOPIC, "ioc.clock");
      admin
          .incrementalAlterConfigs(
              Map.of(
                  clock,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("message.timestamp.type", "CreateTime"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
      assertEquals("CreateTime", timestampType(admin, "ioc.clock"));
      String out = RealServices.ioc(Duration.ofMinutes(2), "topics");
      assertTrue(
          out.contains(
              "exists  ioc.clock (1 partition, retention 400d); setting message.timestamp.type"
                  + " CreateTime -> LogAppendTime"),
          out);
      // every topic deleted by age: a record stamped with a simulated past would go early
      for (vn.ioc.tools.IocTopics.TopicSpec t : vn.ioc.tools.IocTopics.ALL)
        if ("delete".equals(t.configs().get("cleanup.policy")))
          assertEquals("LogAppendTime", timestampType(admin, t.name()), t.name());
    }
  }

  @Test
  void aSendersTimestampIsReplacedByTheBrokersArrivalTime() throws Exception {
    String topic = NS.topic("submissions");
    RealServices.createTopicLike(topic, "ioc.submissions");
    long before = System.currentTimeMillis();
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", RealServices.KAFKA),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      // a sender whose clock says 1970
      p.send(new ProducerRecord<>(topic, 0, 1_000L, null, "{}".getBytes(StandardCharsets.UTF_8)))
          .get(30, TimeUnit.SECONDS);
    }
    long after = System.currentTimeMillis();
    List<ConsumerRecord<byte[], byte[]>> records = RealServices.readAll(topic);
    assertEquals(1, records.size());
    ConsumerRecord<byte[], byte[]> r = records.get(0);
    assertEquals(TimestampType.LOG_APPEND_TIME, r.timestampType());
    assertTrue(
        r.timestamp() >= before - 1_000 && r.timestamp() <= after + 1_000,
        "the broker's clock: " + r.timestamp());
  }
}
