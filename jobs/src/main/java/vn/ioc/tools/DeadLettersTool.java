package vn.ioc.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;
import vn.ioc.kafka.KafkaTopics;

/**
 * Lists the dead letters by reason and source topic, and re-publishes them once their cause is
 * fixed.
 *
 * <pre>
 * deadletters [--reason R] [--source-topic T] [--show N] [--replay]
 * </pre>
 *
 * Reads {@code ioc.deadletter} from its beginning to the end it has when the tool starts (a bounded
 * read: partitions assigned by hand, no consumer group, nothing committed; {@code read_committed},
 * so dead letters of a job attempt that was rolled back are not counted). {@code --replay} sends
 * each matching dead letter's original payload ({@code payload}, or the bytes of {@code
 * payloadBase64}) to its {@code sourceTopic} with its original key ({@code sourceKey}). A truncated
 * payload is not replayed: it is not the message that was sent. Each refusal is counted, shown and
 * replayed once, however many recomputes published it ({@link View#refusal}).
 */
public final class DeadLettersTool {
  private DeadLettersTool() {}

  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    ToolArgs a;
    try {
      a = ToolArgs.parse(args, Set.of("reason", "source-topic", "show"), Set.of("replay"));
      if (!a.positional.isEmpty())
        throw new IllegalArgumentException("unexpected argument " + a.positional.get(0));
    } catch (IllegalArgumentException e) {
      System.err.println(
          "deadletters: "
              + e.getMessage()
              + "\nusage: deadletters [--reason R] [--source-topic T] [--show N] [--replay]");
      System.exit(2);
      return;
    }
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    Filter filter = new Filter(a.options.get("reason"), a.options.get("source-topic"));
    System.exit(run(config, filter, a.getInt("show", 0), a.has("replay")));
  }

  /**
   * The fields of a dead letter the tool needs, read leniently (a record it cannot read is counted,
   * not fatal).
   */
  record View(
      long offset,
      String reason,
      String detail,
      String job,
      String sourceTopic,
      int sourcePartition,
      long sourceOffset,
      String sourceKey,
      String refusedAt,
      String payload,
      String payloadBase64,
      boolean payloadTruncated) {

    static final String UNREADABLE = "(unreadable)";

    static View parse(long offset, byte[] value) {
      JsonNode n;
      try {
        n = value == null ? null : JSON.readTree(value);
      } catch (Exception e) {
        n = null;
      }
      if (n == null || !n.isObject()) {
        return new View(
            offset,
            UNREADABLE,
            "not a JSON dead letter",
            null,
            null,
            -1,
            -1,
            null,
            null,
            null,
            null,
            false);
      }
      String reason = text(n, "reason");
      return new View(
          offset,
          reason == null || reason.isEmpty() ? "(no reason)" : reason,
          text(n, "detail"),
          text(n, "job"),
          text(n, "sourceTopic"),
          n.path("sourcePartition").asInt(-1),
          n.path("sourceOffset").asLong(-1),
          text(n, "sourceKey"),
          refusedAt(n.get("refusedAt")),
          text(n, "payload"),
          text(n, "payloadBase64"),
          n.path("payloadTruncated").asBoolean(false));
    }

    private static String text(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }

    /** RFC 3339 text as published; epoch milliseconds (an older form) are shown as RFC 3339 too. */
    private static String refusedAt(JsonNode v) {
      if (v == null || v.isNull()) return null;
      if (v.isNumber()) return Instant.ofEpochMilli(v.asLong()).toString();
      return v.asText();
    }

    /**
     * The refusal this dead letter records. A bounded recompute reads the same records again and
     * refuses them again: the same job, source record (topic, partition, offset) and reason is one
     * refusal, however many dead letters say it. A refusal of no source record (a point InfluxDB
     * refused, a series over the cap) is the same when all it says is the same; an unreadable dead
     * letter is only itself.
     */
    String refusal() {
      if (UNREADABLE.equals(reason)) return "dead letter at offset " + offset;
      if (sourceTopic != null && sourceOffset >= 0)
        return String.join(
            "\n",
            String.valueOf(job),
            sourceTopic,
            String.valueOf(sourcePartition),
            String.valueOf(sourceOffset),
            reason);
      return String.join(
          "\n",
          String.valueOf(job),
          reason,
          String.valueOf(detail),
          String.valueOf(sourceKey),
          String.valueOf(payload),
          String.valueOf(payloadBase64));
    }

    /** The original message's bytes, or null when the dead letter does not carry them. */
    byte[] payloadBytes() {
      if (payload != null) return payload.getBytes(StandardCharsets.UTF_8);
      if (payloadBase64 != null) {
        try {
          return Base64.getDecoder().decode(payloadBase64);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      return null;
    }
  }

  /** {@code --reason} and {@code --source-topic}; null matches all. */
  record Filter(String reason, String sourceTopic) {
    boolean matches(View v) {
      return (reason == null || reason.equals(v.reason()))
          && (sourceTopic == null || sourceTopic.equals(v.sourceTopic()));
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      if (reason != null) parts.add("reason " + reason);
      if (sourceTopic != null) parts.add("source topic " + sourceTopic);
      return String.join(", ", parts);
    }

    boolean isEmpty() {
      return reason == null && sourceTopic == null;
    }
  }

  /** Counts per reason and, within a reason, per source topic. */
  static final class Tally {
    final Map<String, Long> byReason = new TreeMap<>();
    final Map<String, Map<String, Long>> byReasonAndTopic = new TreeMap<>();
    long total;

    void add(View v) {
      total++;
      byReason.merge(v.reason(), 1L, Long::sum);
      String topic = v.sourceTopic() == null ? "(unknown)" : v.sourceTopic();
      byReasonAndTopic
          .computeIfAbsent(v.reason(), r -> new TreeMap<>())
          .merge(topic, 1L, Long::sum);
    }

    List<String> render() {
      List<String> lines = new ArrayList<>();
      if (total == 0) return lines;
      int width = Math.max(6, byReason.keySet().stream().mapToInt(String::length).max().orElse(6));
      lines.add(
          String.format(
              Locale.ROOT, "  %-" + width + "s %8s  %s", "reason", "count", "by source topic"));
      for (Map.Entry<String, Long> e : byReason.entrySet()) {
        StringBuilder topics = new StringBuilder();
        byReasonAndTopic
            .get(e.getKey())
            .forEach(
                (t, c) ->
                    topics
                        .append(topics.length() == 0 ? "" : ", ")
                        .append(t)
                        .append(' ')
                        .append(c));
        lines.add(
            String.format(
                Locale.ROOT, "  %-" + width + "s %8d  %s", e.getKey(), e.getValue(), topics));
      }
      return lines;
    }
  }

  /** Why a dead letter cannot be replayed, or null when it can. */
  static String unreplayable(View v, String deadLetterTopic) {
    if (v.reason().equals(View.UNREADABLE)) return "unreadable";
    if (v.sourceTopic() == null || v.sourceTopic().isEmpty()) return "no source topic";
    if (v.sourceTopic().equals(deadLetterTopic)) return "source is the dead-letter topic";
    if (v.payloadTruncated()) return "payload truncated";
    if (v.payloadBytes() == null) return "no payload";
    return null;
  }

  static ProducerRecord<byte[], byte[]> replayRecord(View v) {
    byte[] key = v.sourceKey() == null ? null : v.sourceKey().getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(v.sourceTopic(), key, v.payloadBytes());
  }

  static String show(View v) {
    String payload =
        v.payload() != null
            ? v.payload()
            : v.payloadBase64() != null ? "base64:" + v.payloadBase64() : "(none)";
    if (payload.length() > 300) payload = payload.substring(0, 300) + "…";
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "#%d %s %s from %s/%d/%d key=%s job=%s",
                v.offset(),
                v.refusedAt(),
                v.reason(),
                v.sourceTopic(),
                v.sourcePartition(),
                v.sourceOffset(),
                v.sourceKey(),
                v.job()));
    if (v.detail() != null) b.append("\n    ").append(v.detail());
    b.append("\n    payload")
        .append(v.payloadTruncated() ? " (truncated)" : "")
        .append(": ")
        .append(payload);
    return b.toString();
  }

  static int run(IocConfig config, Filter filter, int showCount, boolean replay) throws Exception {
    String topic = config.get(IocConfig.TOPIC_DEADLETTER);
    List<View> matching = new ArrayList<>();
    Tally all = new Tally();
    Tally selected = new Tally();
    Set<String> refusals = new HashSet<>();
    long copies = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaTopics.reader(config, "ioc-deadletters")) {
      List<TopicPartition> partitions = KafkaTopics.assignFromStart(consumer, topic);
      if (partitions.isEmpty()) {
        System.err.println(
            "deadletters: topic " + topic + " does not exist; create it with `deploy/ioc topics`");
        return 1;
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long lastProgress = System.nanoTime();
      while (!KafkaTopics.reachedEnd(consumer, end)) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) lastProgress = System.nanoTime();
        else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
          System.err.println("deadletters: no progress reading " + topic + " for 60 s; giving up");
          return 1;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) continue;
          View v = View.parse(r.offset(), r.value());
          if (!refusals.add(v.refusal())) {
            copies++; // the same refusal again, by a recompute: counted and replayed once
            continue;
          }
          all.add(v);
          if (filter.matches(v)) {
            selected.add(v);
            matching.add(v);
          }
        }
      }
    }

    System.out.println(
        all.total
            + " dead letter"
            + (all.total == 1 ? "" : "s")
            + " in "
            + topic
            + (copies == 0
                ? ""
                : " (and "
                    + copies
                    + " more of the same refusals, from recomputes that read their records again:"
                    + " counted once)"));
    if (filter.isEmpty()) {
      all.render().forEach(System.out::println);
    } else {
      System.out.println(selected.total + " match " + filter.describe());
      selected.render().forEach(System.out::println);
    }
    for (int i = 0; i < Math.min(showCount, matching.size()); i++)
      System.out.println(show(matching.get(i)));
    if (replay) return replay(config, topic, matching);
    return 0;
  }

  /** "a 2, b 1". */
  private static String counts(Map<String, Long> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }

  // the send's callback reports its outcome; the Future adds nothing
  @SuppressWarnings("FutureReturnValueIgnored")
  private static int replay(IocConfig config, String deadLetterTopic, List<View> matching)
      throws Exception {
    Map<String, Long> skipped = new TreeMap<>();
    Map<String, Long> sentTo = new TreeMap<>();
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(ProduceTool.producerProperties(config))) {
      for (View v : matching) {
        String why = unreplayable(v, deadLetterTopic);
        if (why != null) {
          skipped.merge(why, 1L, Long::sum);
          continue;
        }
        if (failure.get() != null) break;
        sentTo.merge(v.sourceTopic(), 1L, Long::sum);
        producer.send(
            replayRecord(v),
            (m, e) -> {
              if (e == null) acked.incrementAndGet();
              else failure.compareAndSet(null, e);
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      System.err.println(
          "deadletters: replay failed after "
              + acked.get()
              + " messages: "
              + failure.get().getMessage());
      return 1;
    }
    System.out.println(
        "replayed "
            + acked.get()
            + (sentTo.isEmpty() ? "" : " (" + counts(sentTo) + ")")
            + (skipped.isEmpty() ? "" : "; not replayed: " + counts(skipped)));
    return 0;
  }
}
