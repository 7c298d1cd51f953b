package vn.ioc.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetterJson;

/**
 * The notifier's one Kafka producer: acknowledgements to {@code ioc.alert-acks} (key: the alert)
 * and dead letters to {@code ioc.deadletter} (key: the original message's key, so a replay
 * re-publishes it under the same key). Every send waits for the broker (acks=all, idempotent): an
 * offset is committed, or a page says "recorded", only after the write is stored.
 */
final class KafkaPublisher implements AckPublisher, NotificationHandler.DeadLetterPublisher {
  private static final long SEND_TIMEOUT_S = 60;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String acksTopic;
  private final String deadLetterTopic;
  private final ZoneId zone;

  KafkaPublisher(
      Properties clientProperties, String acksTopic, String deadLetterTopic, ZoneId zone) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ioc-notifier");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.acksTopic = acksTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.zone = zone;
  }

  @Override
  public void publish(vn.ioc.dispatch.Ack ack) throws Exception {
    send(
        new ProducerRecord<>(
            acksTopic,
            ack.alertId.getBytes(StandardCharsets.UTF_8),
            vn.ioc.dispatch.AckDecoder.encode(ack, zone).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void publish(DeadLetter d) throws Exception {
    byte[] key = d.sourceKey == null ? null : d.sourceKey.getBytes(StandardCharsets.UTF_8);
    send(new ProducerRecord<>(deadLetterTopic, key, DeadLetterJson.encode(d)));
  }

  private void send(ProducerRecord<byte[], byte[]> r) throws Exception {
    producer.send(r).get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
