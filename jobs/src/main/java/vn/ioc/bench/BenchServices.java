package vn.ioc.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import vn.ioc.config.IocConfig;
import vn.ioc.kafka.KafkaTopics;

/**
 * What the benchmarks ask of Kafka and InfluxDB: topics, reusable feeds, the raw consume rate,
 * databases and point counts.
 */
final class BenchServices {
  private BenchServices() {}

  /**
   * A feed producer's sends: the first failure is kept and {@link #check} throws it after the
   * flush, so a benchmark never measures a feed that did not fully arrive.
   */
  static final class Sends implements Callback {
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
      if (e != null) failure.compareAndSet(null, e);
    }

    /** After {@code producer.flush()}: throws the first failed send. */
    void check() throws IOException {
      Exception e = failure.get();
      if (e != null) throw new IOException("the benchmark feed was not fully sent: " + e, e);
    }
  }

  static void createTopics(IocConfig config, List<String> names) throws Exception {
    try (Admin admin = Admin.create(config.kafkaClientProperties())) {
      var existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          names.stream()
              .filter(n -> !existing.contains(n))
              .map(n -> new NewTopic(n, 1, (short) 1))
              .toList();
      if (!missing.isEmpty()) admin.createTopics(missing).all().get();
    }
  }

  static Properties kafka(IocConfig config) {
    Properties p = config.kafkaClientProperties();
    p.put("linger.ms", "20");
    p.put("batch.size", "262144");
    p.put("compression.type", "lz4");
    return p;
  }

  /**
   * A benchmark feed is produced once and reused (its topic's name carries its size): the number of
   * messages in {@code topic} when it holds at least {@code wanted}; else -1, with the topic made
   * anew (3 partitions) for the caller to fill.
   */
  static long reusableFeed(IocConfig config, String topic, long wanted) throws Exception {
    try (Admin admin = Admin.create(config.kafkaClientProperties())) {
      if (admin.listTopics().names().get().contains(topic)) {
        long n = endOffsets(config, topic);
        if (n >= wanted) return n;
        admin.deleteTopics(List.of(topic)).all().get();
        Thread.sleep(2000);
      }
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    return -1;
  }

  static long endOffsets(IocConfig config, String topic) {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            config.kafkaClientProperties(),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static double rawConsume(IocConfig config, String topic, long expected) {
    Properties p = config.kafkaClientProperties();
    p.put("max.poll.records", "5000");
    p.put("fetch.min.bytes", "1048576");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      KafkaTopics.assignFromStart(c, topic);
      long n = 0;
      long bytes = 0;
      long start = System.nanoTime();
      while (n < expected) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
        for (var r : records) bytes += r.value().length;
        n += records.count();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.err.printf(
          Locale.ROOT, "Kafka raw consume: %,d records (%,d bytes) in %.1f s%n", n, bytes, seconds);
      return n / seconds;
    }
  }

  static void createDatabase(IocConfig config, String db) throws Exception {
    influxQuery(config, null, "CREATE DATABASE \"" + db + "\"");
  }

  static long countPoints(IocConfig config, String db) throws Exception {
    return countPoints(
        config,
        db,
        List.of(
            "SELECT count(received) FROM service_rates", "SELECT count(records) FROM feed_health"));
  }

  /** The sum of the counts the queries give (each a {@code SELECT count(field) ...}). */
  static long countPoints(IocConfig config, String db, List<String> queries) throws Exception {
    long total = 0;
    for (String q : queries) {
      Matcher c =
          Pattern.compile("\"values\":\\[\\[\"[^\"]+\",(\\d+)").matcher(influxQuery(config, db, q));
      if (c.find()) total += Long.parseLong(c.group(1));
    }
    return total;
  }

  static String influxQuery(IocConfig config, String db, String q) throws Exception {
    String url =
        config.get(IocConfig.INFLUX_URL)
            + "/query?"
            + (db == null ? "" : "db=" + db + "&")
            + "q="
            + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody());
    String user = config.get(IocConfig.INFLUX_USER);
    if (user != null) {
      String auth =
          java.util.Base64.getEncoder()
              .encodeToString(
                  (user + ":" + config.get(IocConfig.INFLUX_PASSWORD))
                      .getBytes(StandardCharsets.UTF_8));
      req.header("Authorization", "Basic " + auth);
    }
    return HttpClient.newHttpClient()
        .send(req.build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
