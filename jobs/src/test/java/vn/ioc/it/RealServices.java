package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * The real Kafka and InfluxDB that {@code deploy/ioc services up} started, and the launcher itself,
 * for integration tests. Each test works in its own topics and database (a fresh namespace), so
 * tests and a running demo never see each other's data.
 */
public final class RealServices {
  public static final Path PROJECT = vn.ioc.tools.ProjectFiles.root();
  public static final String KAFKA =
      System.getenv().getOrDefault("IOC_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
  public static final String INFLUX =
      System.getenv().getOrDefault("IOC_INFLUX_URL", "http://127.0.0.1:8086");

  private RealServices() {}

  /** A namespace of topics and a database for one test. */
  public record Namespace(String id) {
    public static Namespace fresh(String name) {
      return new Namespace(name + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String topic(String name) {
      return "it." + id + "." + name;
    }

    public String database() {
      return "it_" + id;
    }

    /** Launcher flags that point a job at this namespace. */
    public List<String> jobFlags() {
      return List.of(
          "--topic.submissions=" + topic("submissions"),
          "--topic.progress=" + topic("progress"),
          "--topic.clock=" + topic("clock"),
          "--topic.deadletter=" + topic("deadletter"),
          "--topic.indicators=" + topic("indicators"),
          "--topic.alerts=" + topic("alerts"),
          "--topic.alert-rules=" + topic("alert-rules"),
          "--topic.alert-acks=" + topic("alert-acks"),
          "--topic.alert-silences=" + topic("alert-silences"),
          "--topic.notifications=" + topic("notifications"),
          "--influx.db=" + database(),
          "--kafka.group-prefix=" + id,
          "--checkpoint-interval=2s",
          "--restart-attempts=2",
          "--state-dir=" + PROJECT.resolve(".runtime/it/" + id),
          "--rest-port=0");
    }
  }

  public static void createTopics(Namespace ns, Map<String, Integer> partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA))) {
      List<NewTopic> topics = new ArrayList<>();
      partitions.forEach((name, n) -> topics.add(new NewTopic(ns.topic(name), n, (short) 1)));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Creates {@code topic} with the partitions and configs {@code deploy/ioc topics} gives the
   * engine's topic {@code like} (e.g. the broker's append time on {@code ioc.submissions}).
   */
  public static void createTopicLike(String topic, String like) throws Exception {
    var spec = vn.ioc.tools.IocTopics.find(like).orElseThrow();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA))) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, spec.partitions(), (short) 1).configs(spec.configs())))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  public static void dropNamespace(Namespace ns) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA))) {
      List<String> mine =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith("it." + ns.id() + "."))
              .toList();
      admin.deleteTopics(mine).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("could not delete the test topics: " + e);
    }
    // its checkpoints and savepoints
    try (var files = Files.walk(PROJECT.resolve(".runtime/it/" + ns.id()))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      System.err.println("could not delete the test's runtime folder: " + e);
    }
    try (InfluxDB influx = influx()) {
      influx.query(new Query("DROP DATABASE \"" + ns.database() + "\""));
    }
  }

  /**
   * A free port for a server a test starts (the notifier's ack pages): the first free one of {@code
   * IOC_IT_PORTS} ({@code FROM-TO}) when set, so tests sharing a machine keep to their own range;
   * else one the system picks.
   */
  public static int freePort() throws IOException {
    String range = System.getenv("IOC_IT_PORTS");
    if (range == null || range.isBlank()) {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
    String[] fromTo = range.strip().split("-", 2);
    for (int port = Integer.parseInt(fromTo[0]); port <= Integer.parseInt(fromTo[1]); port++) {
      try (java.net.ServerSocket s =
          new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // the next one
      }
    }
    throw new IOException("no free port in IOC_IT_PORTS=" + range);
  }

  /** Publishes one UTF-8 record and waits for the broker to have it. */
  public static void send(String topic, String key, String value) throws Exception {
    try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> p =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      p.send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  topic,
                  key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  value.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .get(30, TimeUnit.SECONDS);
    }
  }

  public static InfluxDB influx() {
    return InfluxDBFactory.connect(INFLUX);
  }

  public static void createDatabase(Namespace ns) {
    createDatabase(ns.database());
  }

  public static void createDatabase(String database) {
    try (InfluxDB influx = influx()) {
      QueryResult r = influx.query(new Query("CREATE DATABASE \"" + database + "\""));
      assertEquals(null, r.getError());
    }
  }

  /** What a submissions job needs in a namespace: its three topics and its database. */
  public static void createForSubmissions(Namespace ns) throws Exception {
    createTopics(ns, Map.of("submissions", 3, "deadletter", 1, "indicators", 3));
    createDatabase(ns);
  }

  /** What a progress job needs in a namespace: its four topics and its database. */
  public static void createForProgress(Namespace ns) throws Exception {
    createTopics(ns, Map.of("progress", 3, "clock", 1, "deadletter", 1, "indicators", 3));
    createDatabase(ns);
  }

  /** Runs {@code deploy/ioc ARGS...}; returns its output; fails the test on a non-zero exit. */
  public static String ioc(Duration timeout, String... args)
      throws IOException, InterruptedException {
    return ioc(Map.of(), timeout, args);
  }

  /** {@link #ioc(Duration, String...)} with extra environment variables. */
  public static String ioc(Map<String, String> env, Duration timeout, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb = launcher(env, args).redirectErrorStream(true);
    File log = Files.createTempFile("ioc-", ".log").toFile();
    pb.redirectOutput(log);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          "deploy/ioc "
              + String.join(" ", args)
              + " did not finish in "
              + timeout
              + ":\n"
              + tail(log));
    }
    String out = Files.readString(log.toPath());
    if (p.exitValue() != 0)
      throw new AssertionError(
          "deploy/ioc " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + tail(log));
    return out;
  }

  /** A {@code deploy/ioc ARGS...} process to start, with extra environment variables. */
  public static ProcessBuilder launcher(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PROJECT.resolve("deploy/ioc").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile());
    pb.environment().putAll(env);
    return pb;
  }

  private static String tail(File log) throws IOException {
    List<String> lines = Files.readAllLines(log.toPath());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** {@code deploy/ioc produce TOPIC FILE}, keyed by unit as the submissions topic is. */
  public static void produceSubmissions(String topic, Path file)
      throws IOException, InterruptedException {
    ioc(Duration.ofMinutes(3), "produce", topic, file.toString(), "--key-field", "unitCode");
  }

  /**
   * The values of a topic as UTF-8 text, sorted: what it holds, each message as often as it was
   * sent (order holds per partition only, so it is compared as a sorted list).
   */
  public static List<String> sortedValues(String topic) {
    List<String> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(topic))
      values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
    values.sort(null);
    return values;
  }

  /** Every record of a topic, from the beginning to its current end. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", KAFKA);
    p.put("isolation.level", "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = vn.ioc.kafka.KafkaTopics.assignFromStart(c, topic);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 30_000;
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) out.add(r);
      }
    }
    return out;
  }

  /** The result of an InfluxQL query as rows: tags of the series + column values (time in ms). */
  public static List<Map<String, Object>> rows(String database, String influxQl) {
    try (InfluxDB influx = influx()) {
      QueryResult r = influx.query(new Query(influxQl, database), TimeUnit.MILLISECONDS);
      if (r.getError() != null) throw new AssertionError(r.getError());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (QueryResult.Result result : r.getResults()) {
        if (result.getError() != null) throw new AssertionError(result.getError());
        if (result.getSeries() == null) continue;
        for (QueryResult.Series s : result.getSeries()) {
          for (List<Object> values : s.getValues()) {
            Map<String, Object> row = new HashMap<>();
            if (s.getTags() != null) row.putAll(s.getTags());
            for (int i = 0; i < s.getColumns().size(); i++) {
              if (values.get(i) != null) row.put(s.getColumns().get(i), values.get(i));
            }
            rows.add(row);
          }
        }
      }
      return rows;
    }
  }

  /**
   * Every {@code service_rates} point of a database, keyed like {@link ServiceRatesOracle#key},
   * with its fields.
   */
  public static Map<String, Map<String, Object>> serviceRates(String database) {
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    for (Map<String, Object> row : rows(database, "SELECT * FROM service_rates GROUP BY *")) {
      assertEquals("40", row.remove("province"));
      String key =
          ServiceRatesOracle.key(
              (String) row.remove("scope"),
              (String) row.remove("window"),
              tag(row, "district"),
              tag(row, "unit"),
              tag(row, "service"),
              ((Number) row.remove("time")).longValue());
      Map<String, Object> fields = new java.util.TreeMap<>();
      row.forEach(
          (k, v) ->
              fields.put(
                  k,
                  k.endsWith("_pct")
                      ? ((Number) v).doubleValue()
                      : (Object) ((Number) v).longValue()));
      out.put(key, fields);
    }
    return out;
  }

  /** A tag of a series grouped by *, which InfluxDB reports as "" where the series has none. */
  private static String tag(Map<String, Object> row, String name) {
    Object v = row.remove(name);
    return v == null || "".equals(v) ? null : (String) v;
  }

  /** Fails with the keys only one side has (a readable message, not two dumps). */
  public static void assertSameKeys(java.util.Set<String> expected, java.util.Set<String> actual) {
    java.util.Set<String> missing = new java.util.TreeSet<>(expected);
    missing.removeAll(actual);
    java.util.Set<String> extra = new java.util.TreeSet<>(actual);
    extra.removeAll(expected);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new AssertionError(
          missing.size()
              + " missing, e.g. "
              + missing.stream().limit(10).toList()
              + "; "
              + extra.size()
              + " unexpected, e.g. "
              + extra.stream().limit(10).toList());
    }
  }

  /** The same points with the same fields; rates within 1e-9, counts exactly. */
  public static void assertSamePoints(
      Map<String, Map<String, Object>> expected, Map<String, Map<String, Object>> actual) {
    assertSameKeys(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      Map<String, Object> e = expected.get(k);
      Map<String, Object> a = actual.get(k);
      assertEquals(e.keySet(), a.keySet(), "fields of " + k);
      for (String f : e.keySet()) {
        if (e.get(f) instanceof Double d) assertEquals(d, (Double) a.get(f), 1e-9, f + " of " + k);
        else assertEquals(e.get(f), a.get(f), f + " of " + k);
      }
    }
  }

  /** Dead letters of a topic, counted by reason. */
  public static Map<String, Integer> deadLetterReasons(String topic) throws IOException {
    Map<String, Integer> reasons = new java.util.TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
      reasons.merge(vn.ioc.deadletter.DeadLetterJson.decode(r.value()).reason, 1, Integer::sum);
    }
    return reasons;
  }
}
