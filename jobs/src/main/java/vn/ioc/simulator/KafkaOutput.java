package vn.ioc.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.ioc.config.IocConfig;
import vn.ioc.simulator.Emission.Kind;
import vn.ioc.tools.JsonLines;
import vn.ioc.tools.ProduceTool;

/**
 * A run's messages to Kafka: each message keyed by {@code keyField} of its JSON as {@code produce}
 * does, in order, acknowledged by all; ticks go to {@code clockTopic} (null: none are sent), keyed
 * {@code simulator}. One producer for the whole run, also across a broker's absence: its
 * idempotence (producer id and sequence numbers) is what keeps a retried batch from being written
 * twice. It keeps track of what Kafka acknowledged, so a run that cannot flush knows where it may
 * be continued.
 */
final class KafkaOutput implements Output {
  /** Kafka gave up on a message: the run ends, and the message says why. */
  static final class NotDelivered extends Exception {
    private static final long serialVersionUID = 1L;

    NotDelivered(String message) {
      super(message, null, false, false);
    }
  }

  private final String kafka;
  private final String topic;
  private final String keyField;
  private final String clockTopic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Acknowledgements acknowledged = new Acknowledgements();
  private final SilenceWatch watch;

  private KafkaOutput(
      IocConfig config, String topic, String keyField, String clockTopic, Properties properties) {
    this.kafka = config.get(IocConfig.KAFKA_BOOTSTRAP);
    this.topic = topic;
    this.keyField = keyField;
    this.clockTopic = clockTopic;
    long deliveryTimeout =
        Long.parseLong(properties.getProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).trim());
    this.producer = new KafkaProducer<>(properties);
    // the main thread blocks in send or flush while the broker is away: the watch says why
    this.watch = new SilenceWatch(acknowledged, kafka, deliveryTimeout);
  }

  /** The output to {@code topic} (and {@code clockTopic}), once both exist. */
  static KafkaOutput open(IocConfig config, String topic, String keyField, String clockTopic)
      throws Exception {
    for (String t : clockTopic == null ? List.of(topic) : List.of(topic, clockTopic)) {
      String missing = ProduceTool.checkTopic(config, t);
      if (missing != null) throw new IllegalArgumentException(missing);
    }
    return new KafkaOutput(
        config, topic, keyField, clockTopic, ProduceTool.producerProperties(config));
  }

  // the send's callback reports its outcome; the Future adds nothing
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  public void send(Emission e) throws NotDelivered {
    check();
    byte[] value = e.line().getBytes(StandardCharsets.UTF_8);
    boolean tick = e.kind() == Kind.TICK;
    if (tick && clockTopic == null) return;
    String key = tick ? "simulator" : JsonLines.keyOf(value, keyField);
    watch.sending();
    Acknowledgements.Sent sent = acknowledged.sent(e);
    producer.send(
        new ProducerRecord<>(
            tick ? clockTopic : topic,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value),
        (m, error) -> {
          if (error != null) failure.compareAndSet(null, error);
          else acknowledged.acknowledged(sent);
          watch.answered();
        });
  }

  @Override
  public void flush() throws NotDelivered {
    producer.flush();
    check();
  }

  private void check() throws NotDelivered {
    Exception e = failure.get();
    if (e == null) return;
    throw new NotDelivered(
        "Kafka at "
            + kafka
            + (e instanceof org.apache.kafka.common.errors.TimeoutException
                ? " did not take a message in time ("
                : " refused a message (")
            + e.getMessage()
            + "); stopped after "
            + acknowledged.count()
            + " acknowledged messages");
  }

  @Override
  public Emission stored() {
    return acknowledged.last();
  }

  @Override
  public void close() {
    watch.close();
    // after a failure the rest is not wanted, and may wait out the delivery timeout
    producer.close(failure.get() != null ? Duration.ZERO : Duration.ofMillis(Long.MAX_VALUE));
  }
}
