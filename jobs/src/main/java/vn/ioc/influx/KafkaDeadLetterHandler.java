package vn.ioc.influx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetterJson;

/**
 * Publishes each point InfluxDB refused as a {@link DeadLetter} (reason {@value #REASON}, detail =
 * the server's error, payload = the point as line protocol, {@code job} = the job's name) in JSON
 * to a Kafka topic, with no key.
 *
 * <p>Sends are asynchronous; {@link #flush()} (called by the sink on every checkpoint) waits for
 * all of them and throws if any failed, so the checkpoint fails rather than losing a dead letter.
 * The producer is built in {@link #open} from the given properties (bootstrap servers, security);
 * serializers are set here.
 */
public class KafkaDeadLetterHandler implements RejectedPointHandler {
  private static final long serialVersionUID = 1L;
  public static final String REASON = "influx-rejected";

  private final Properties producerProperties;
  private final String topic;
  private final String jobName;

  private transient Producer<String, String> producer;
  private transient volatile Exception sendError;
  private transient String job;

  /**
   * @param producerProperties Kafka producer properties; at least {@code bootstrap.servers}
   * @param topic the dead-letter topic, e.g. {@code ioc.deadletter}
   * @param jobName the {@code job} of the dead letters; null: Flink's job name
   */
  public KafkaDeadLetterHandler(Properties producerProperties, String topic, String jobName) {
    this.producerProperties = new Properties();
    this.producerProperties.putAll(
        Objects.requireNonNull(producerProperties, "producerProperties"));
    this.topic = Objects.requireNonNull(topic, "topic");
    this.jobName = jobName;
  }

  @Override
  public void open(Context context) {
    job = jobName != null ? jobName : context.jobName();
    Properties p = new Properties();
    p.putAll(producerProperties);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(
        ProducerConfig.CLIENT_ID_CONFIG, "ioc-influx-deadletters-" + context.subtaskIndex());
    producer = createProducer(p);
  }

  /** The producer; tests replace it with Kafka's {@code MockProducer}. */
  protected Producer<String, String> createProducer(Properties properties) {
    return new KafkaProducer<>(properties);
  }

  @Override
  // the send's callback reports its outcome; the Future adds nothing
  @SuppressWarnings("FutureReturnValueIgnored")
  public void rejected(InfluxPoint point, String error) throws IOException {
    failIfSendFailed();
    producer.send(
        new ProducerRecord<>(
            topic, null, toJson(deadLetter(point, error, job, System.currentTimeMillis()))),
        (metadata, e) -> {
          if (e != null && sendError == null) sendError = e;
        });
  }

  @Override
  public void flush() throws IOException {
    producer.flush();
    failIfSendFailed();
  }

  @Override
  public void close() {
    if (producer != null) producer.close(Duration.ofSeconds(10));
  }

  private void failIfSendFailed() throws IOException {
    if (sendError != null) {
      throw new IOException(
          "could not publish a refused InfluxDB point to "
              + topic
              + "; failing rather than losing it",
          sendError);
    }
  }

  /** The dead letter for one refused point. */
  static DeadLetter deadLetter(InfluxPoint point, String error, String job, long now) {
    DeadLetter d = new DeadLetter(REASON, error);
    d.job = job;
    d.refusedAt = now;
    byte[] line = LineProtocol.describe(point).getBytes(StandardCharsets.UTF_8);
    if (line.length <= DeadLetter.MAX_PAYLOAD_BYTES) {
      d.payload = new String(line, StandardCharsets.UTF_8);
    } else {
      int end = DeadLetter.MAX_PAYLOAD_BYTES;
      while (end > 0 && (line[end] & 0xC0) == 0x80) end--; // do not cut a UTF-8 sequence
      d.payload = new String(line, 0, end, StandardCharsets.UTF_8);
      d.payloadTruncated = true;
    }
    return d;
  }

  /** The one published form of a dead letter ({@code schemas/deadletter.schema.json}). */
  static String toJson(DeadLetter d) {
    return new String(DeadLetterJson.encode(d), StandardCharsets.UTF_8);
  }
}
