package vn.ioc.tools;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;

/**
 * Publishes a JSON-lines file to a topic, one message per non-blank line, in file order.
 *
 * <pre>
 * produce TOPIC FILE|- [--key-field F] [--envelope]
 * </pre>
 *
 * The value is the line's bytes as they are. The key is the text of the line's top-level field
 * named by {@code --key-field}, by default the topic's key field in {@link IocTopics} ({@code
 * ioc.submissions}: {@code unitCode}); a line that is not a JSON object or lacks the field is still
 * sent, with a null key, so the consuming job's dead-letter path sees it. With {@code --envelope}
 * each line is {@code {"key": K, "value": V}} (V null: a tombstone), with an optional {@code
 * "createdAt": T} sent as the header {@code created-at} (when a control input was made), see {@link
 * JsonLines#envelope}.
 *
 * <p>One idempotent producer with {@code acks=all} and at most 5 requests in flight: Kafka keeps
 * the order of each partition even across retries. A broker that goes away for up to {@link
 * #OUTAGE_TOLERANCE} only pauses it; it stops at the first failed send and exits 1.
 */
public final class ProduceTool {
  private ProduceTool() {}

  /**
   * How long a producer keeps retrying a message while Kafka does not acknowledge it ({@code
   * delivery.timeout.ms}), and how long {@code send} blocks for the topic's metadata or for buffer
   * space ({@code max.block.ms}). A broker restart takes seconds and a host reboot or a rolling
   * upgrade a few minutes: riding those out needs more than the client's default delivery timeout
   * (2 min), which fails a message while its broker may still be on its way back. Past ten minutes
   * the broker is more likely gone than restarting, and the tool had better stop and say so.
   */
  public static final Duration OUTAGE_TOLERANCE = Duration.ofMinutes(10);

  public static void main(String[] args) throws Exception {
    // a mistake is said in one line by the launcher (Main)
    ToolArgs a = ToolArgs.parse(args, Set.of("key-field"), Set.of("envelope"));
    if (a.positional.size() != 2)
      throw new IllegalArgumentException(
          "usage: produce TOPIC FILE|- [--key-field F] [--envelope]");
    String topic = a.positional.get(0);
    String file = a.positional.get(1);
    String keyField =
        a.options.containsKey("key-field") ? a.options.get("key-field") : IocTopics.keyField(topic);
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      System.exit(produce(config, topic, in, keyField, a.has("envelope")));
    } catch (NoSuchFileException e) {
      System.err.println("produce: no such file: " + file);
      System.exit(2);
    }
  }

  public static Properties producerProperties(IocConfig config) {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
    // Both the same: while the broker is away, a full buffer or lost metadata blocks send (the
    // caller waits) for as long as the messages already buffered may wait for it.
    p.setProperty(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(OUTAGE_TOLERANCE.toMillis()));
    p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(OUTAGE_TOLERANCE.toMillis()));
    p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "ioc-produce");
    // Security (SASL/TLS) and tuning from the configuration win over the defaults above, but the
    // ordering guarantees do not: idempotence and acks=all are what keeps file order.
    p.putAll(config.kafkaClientProperties());
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    int inFlight =
        Integer.parseInt(
            p.getProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION).trim());
    if (inFlight > 5) p.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.setProperty(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** Sends every line; prints a summary; returns the exit code. */
  // the send's callback reports its outcome; the Future adds nothing
  @SuppressWarnings("FutureReturnValueIgnored")
  static int produce(
      IocConfig config, String topic, InputStream in, String keyField, boolean envelope)
      throws Exception {
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long[] nullKeys = {0};
    long started;
    JsonLines.Stats stats;
    String missing = checkTopic(config, topic);
    if (missing != null) {
      System.err.println("produce: " + missing);
      return 1;
    }
    // Compacted topics refuse keyless records, and the broker then refuses the whole batch they
    // are in: say which line it is instead.
    boolean needsKey =
        IocTopics.find(topic)
            .map(t -> "compact".equals(t.configs().get("cleanup.policy")))
            .orElse(false);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(config))) {
      started = System.nanoTime();
      try {
        stats =
            JsonLines.read(
                in,
                (line, number) -> {
                  if (failure.get() != null) throw new StopSending();
                  byte[] key;
                  byte[] value;
                  String createdAt = null;
                  if (envelope) {
                    JsonLines.Envelope e;
                    try {
                      e = JsonLines.envelope(line);
                    } catch (IllegalArgumentException bad) {
                      throw new IllegalArgumentException(
                          "line " + number + ": " + bad.getMessage());
                    }
                    key = e.key();
                    value = e.value();
                    createdAt = e.createdAt();
                  } else {
                    String k = JsonLines.keyOf(line, keyField);
                    key = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
                    value = line;
                  }
                  if (key == null && needsKey) {
                    throw new IllegalArgumentException(
                        "line " + number + ": " + topic + " is compacted, a message needs a key");
                  }
                  if (key == null) nullKeys[0]++;
                  ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
                  if (createdAt != null)
                    record
                        .headers()
                        .add(
                            vn.ioc.clock.ControlStamp.HEADER,
                            createdAt.getBytes(StandardCharsets.UTF_8));
                  producer.send(
                      record,
                      (metadata, error) -> {
                        if (error == null) acked.incrementAndGet();
                        else failure.compareAndSet(null, error);
                      });
                });
      } catch (StopSending stop) {
        stats = null;
      } catch (org.apache.kafka.common.KafkaException e) {
        // send itself gave up (no metadata or no buffer space within the outage tolerance)
        failure.compareAndSet(null, e);
        stats = null;
      } catch (IllegalArgumentException badEnvelope) {
        producer.flush();
        System.err.println(
            "produce: "
                + badEnvelope.getMessage()
                + "; stopped there, "
                + acked.get()
                + " earlier messages were sent");
        return 1;
      }
      producer.flush();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failure.get() != null) {
      System.err.println(
          "produce: sending to "
              + topic
              + " at "
              + config.get(IocConfig.KAFKA_BOOTSTRAP)
              + " failed after "
              + acked.get()
              + " acknowledged messages: "
              + failure.get().getMessage()
              + "; once Kafka answers again, run the same command (the jobs count a message"
              + " they already have once)");
      return 1;
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "sent %d messages to %s (%d with a null key, %d blank lines skipped) in %.1f s%s",
            acked.get(),
            topic,
            nullKeys[0],
            stats.blank(),
            seconds,
            seconds >= 1 ? String.format(Locale.ROOT, ", %.0f msg/s", acked.get() / seconds) : ""));
    return 0;
  }

  /**
   * Null when the topic exists; otherwise why it cannot be written. A quick answer, unlike a
   * producer's metadata wait.
   */
  public static String checkTopic(IocConfig config, String topic) throws InterruptedException {
    try (Admin admin = Admin.create(TopicsTool.adminProperties(config))) {
      admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return "topic "
            + topic
            + " does not exist; the engine's topics are created by `deploy/ioc topics`";
      }
      return "cannot reach Kafka at "
          + config.get(IocConfig.KAFKA_BOOTSTRAP)
          + ": "
          + e.getCause().getMessage();
    } catch (TimeoutException e) {
      return "no answer from Kafka at " + config.get(IocConfig.KAFKA_BOOTSTRAP) + " within 30 s";
    }
  }

  /** Ends reading once a send has failed: nothing after it may be sent, or order would break. */
  private static final class StopSending extends RuntimeException {
    StopSending() {
      super(null, null, false, false);
    }
  }
}
