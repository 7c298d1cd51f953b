package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.tools.IocTopics;

/**
 * The simulator rides out a restart of its Kafka broker: the broker stops mid-run for a minute and
 * comes back on the same data, and the topic then holds exactly the lines that the same settings
 * write to a file, each as often (re-deliveries and corrections included), and the position file
 * names the simulation's last message. The broker is one of the test's own, on ports of its own,
 * from the jars that {@code deploy/ioc services up} installed: the shared one serves other tests
 * and must not stop.
 */
class SimulatorBrokerRestartIT {
  static final int PORT = 19192;
  static final int CONTROLLER_PORT = 19193;
  static final String BOOTSTRAP = "127.0.0.1:" + PORT;
  static final String TOPIC = "it.broker-restart.submissions";
  // -Dioc.it.broker-outage-seconds=150 outlasts the Kafka client's default delivery timeout (2 min)
  static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("ioc.it.broker-outage-seconds", 60));
  // A working day of the province (about 1,400 messages) with more re-deliveries, corrections and
  // malformed copies than by default, so the comparison sees each kind; at 40 messages a second
  // the run would last about 35 s, and the broker stops five seconds into it.
  static final int RATE = 40;
  // A producer buffer of 64 KiB is full a few seconds into the outage, so from then on every send
  // waits for the broker: a producer that gives up on a full buffer or on missing metadata after
  // the client's usual 30 s would die well within the 60 s outage.
  static final Map<String, String> SMALL_BUFFER =
      Map.of(
          "IOC_KAFKA_BOOTSTRAP",
          BOOTSTRAP,
          "IOC_KAFKA_BUFFER_MEMORY",
          "65536",
          "IOC_KAFKA_BATCH_SIZE",
          "16384");
  static final int SENT_BEFORE_THE_STOP = 200;
  static final List<String> SIMULATION =
      List.of(
          "--start",
          "2024-10-15",
          "--duration",
          "1d",
          "--seed",
          "11",
          "--redelivery",
          "0.05",
          "--correction",
          "0.05",
          "--malformed",
          "0.02");

  static Path home;
  static Broker broker;
  static boolean passed;

  @BeforeAll
  static void startBroker() throws Exception {
    for (int port : new int[] {PORT, CONTROLLER_PORT}) {
      if (listening(port)) {
        throw new IllegalStateException(
            "port " + port + " is in use: a broker of an earlier run of this test still going?");
      }
    }
    home =
        runtimeDir().resolve("it/broker-restart_" + UUID.randomUUID().toString().substring(0, 8));
    broker = new Broker(home);
    broker.start();
    IocTopics.TopicSpec submissions = IocTopics.find("ioc.submissions").orElseThrow();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, submissions.partitions(), (short) 1)
                      .configs(submissions.configs())))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) broker.kill();
    // a failed run keeps the broker's and the simulator's logs to look at
    if (home != null && passed) delete(home);
  }

  @Test
  void aBrokerRestartMidRunLosesNothingAndRepeatsNothing() throws Exception {
    Path position = home.resolve("simulator.position");
    Path simulatorLog = home.resolve("simulator.log");
    List<String> toKafka =
        new ArrayList<>(
            List.of(
                "simulate",
                "--topic",
                TOPIC,
                "--rate",
                Integer.toString(RATE),
                "--position",
                position.toString()));
    toKafka.addAll(SIMULATION);
    Process simulator =
        RealServices.launcher(SMALL_BUFFER, toKafka.toArray(new String[0]))
            .redirectErrorStream(true)
            .redirectOutput(simulatorLog.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long before;
      while ((before = recordsOnTopic()) < SENT_BEFORE_THE_STOP) {
        assertTrue(simulator.isAlive(), "the simulator ended early:\n" + tail(simulatorLog));
        assertTrue(
            System.nanoTime() < deadline, "the simulator sent nothing:\n" + tail(simulatorLog));
        Thread.sleep(200);
      }
      broker.stop();
      long outageEnds = System.nanoTime() + OUTAGE.toNanos();

      // meanwhile, the same simulation to a file
      Path file = home.resolve("expected.jsonl");
      List<String> toFile = new ArrayList<>(List.of("simulate", "--out", file.toString()));
      toFile.addAll(SIMULATION);
      RealServices.ioc(Duration.ofMinutes(1), toFile.toArray(new String[0]));
      List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertTrue(
          before < expected.size() / 2,
          "the broker stopped while the simulator still had most of its messages to send: "
              + before
              + " of "
              + expected.size());

      Thread.sleep(Math.max(0, (outageEnds - System.nanoTime()) / 1_000_000));
      assertTrue(
          simulator.isAlive(),
          "the simulator waits for the broker instead of giving up:\n" + tail(simulatorLog));
      broker.start();
      assertTrue(
          simulator.waitFor(90, TimeUnit.SECONDS),
          "the simulator carries on once the broker is back:\n" + tail(simulatorLog));
      assertEquals(0, simulator.exitValue(), tail(simulatorLog));
      String said = Files.readString(simulatorLog, StandardCharsets.UTF_8);
      assertTrue(said.contains("has acknowledged nothing for"), "it said it waits:\n" + said);
      assertTrue(said.contains("simulate: sent "), said);

      List<String> onTopic = valuesOnTopic();
      assertSameLines(expected, onTopic);
      assertEquals(expected.size(), onTopic.size());
      assertEquals(
          expected.get(expected.size() - 1),
          new ObjectMapper().readTree(position.toFile()).path("line").asText(),
          "the position is the simulation's last message");
      passed = true;
    } finally {
      if (simulator.isAlive()) {
        simulator.descendants().forEach(ProcessHandle::destroyForcibly);
        simulator.destroyForcibly();
      }
    }
  }

  /** The same lines as often each, or a message naming the first differences by count. */
  static void assertSameLines(List<String> expected, List<String> actual) {
    Map<String, Integer> difference = new TreeMap<>();
    expected.forEach(line -> difference.merge(line, 1, Integer::sum));
    actual.forEach(line -> difference.merge(line, -1, Integer::sum));
    difference.values().removeIf(n -> n == 0);
    if (!difference.isEmpty()) {
      StringBuilder b = new StringBuilder();
      b.append(difference.size())
          .append(" lines differ (count in the file minus count on the topic), e.g.:");
      difference.entrySet().stream()
          .limit(10)
          .forEach(e -> b.append('\n').append(e.getValue()).append("  ").append(e.getKey()));
      throw new AssertionError(b.toString());
    }
  }

  static Properties consumerProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", BOOTSTRAP);
    p.put("isolation.level", "read_committed");
    return p;
  }

  static long recordsOnTopic() {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = KafkaTopics.assignFromStart(c, TOPIC);
      return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static List<String> valuesOnTopic() {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = KafkaTopics.assignFromStart(c, TOPIC);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500)))
          values.add(new String(r.value(), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  static Path runtimeDir() {
    String configured = System.getenv("IOC_RUNTIME_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured).toAbsolutePath()
        : RealServices.PROJECT.resolve(".runtime");
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  /**
   * A single-node KRaft broker and controller as {@code deploy/ioc services up} runs one (its
   * configuration template, its jars), with its data in {@code home}: formatted once, then started
   * and stopped as often as the test wants.
   */
  static final class Broker {
    private final Path home;
    private final Path config;
    private Process process;

    Broker(Path home) throws Exception {
      this.home = home;
      this.config = home.resolve("server.properties");
      Files.createDirectories(home.resolve("data"));
      Files.createDirectories(home.resolve("logs"));
      Files.createDirectories(home.resolve("tmp"));
      String template =
          Files.readString(
              RealServices.PROJECT.resolve("deploy/conf/kafka-server.properties.template"));
      Files.writeString(
          config,
          template
              .replace("@KAFKA_PORT@", Integer.toString(PORT))
              .replace("@KAFKA_CONTROLLER_PORT@", Integer.toString(CONTROLLER_PORT))
              .replace("@KAFKA_DATA_DIR@", home.resolve("data").toString()));
      Path formatLog = home.resolve("logs/format.log");
      Process format =
          java(
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  config.toString(),
                  "--standalone")
              .redirectOutput(formatLog.toFile())
              .start();
      assertTrue(format.waitFor(60, TimeUnit.SECONDS), "formatting the broker's storage hangs");
      assertEquals(0, format.exitValue(), "formatting the broker's storage:\n" + tail(formatLog));
    }

    private ProcessBuilder java(String... mainClassAndArgs) {
      Path lib = runtimeDir().resolve("kafka/lib");
      assertTrue(
          Files.isDirectory(lib),
          "no Kafka broker jars in " + lib + ": `deploy/ioc services up` installs them");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(
          List.of(
              "-Xmx384m",
              "-Djava.io.tmpdir=" + home.resolve("tmp"),
              "-Dlog4j2.configurationFile="
                  + RealServices.PROJECT.resolve("deploy/conf/log4j2-kafka.properties"),
              "-Dkafka.logs.dir=" + home.resolve("logs"),
              "-cp",
              lib + "/*"));
      cmd.addAll(List.of(mainClassAndArgs));
      return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** Starts the broker and waits until it answers an admin call. */
    void start() throws Exception {
      Path out = home.resolve("logs/stdout.log");
      process =
          java("kafka.Kafka", config.toString())
              .redirectOutput(Redirect.appendTo(out.toFile()))
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Map<String, Object> admin =
          Map.of(
              "bootstrap.servers", BOOTSTRAP,
              "request.timeout.ms", 2000,
              "default.api.timeout.ms", 3000);
      while (true) {
        assertTrue(
            process.isAlive(),
            "the broker exited during start-up:\n" + tail(home.resolve("logs/server.log")));
        if (listening(PORT)) {
          try (Admin a = Admin.create(admin)) {
            a.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            return;
          } catch (Exception notYet) {
            // the listener opens a moment before the broker serves requests
          }
        }
        assertTrue(
            System.nanoTime() < deadline,
            "the broker did not answer within 60 s:\n" + tail(home.resolve("logs/server.log")));
        Thread.sleep(200);
      }
    }

    /** SIGTERM, as an operator's restart would, and waits until the process is gone. */
    void stop() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the broker did not stop on SIGTERM within 30 s");
      }
    }

    void kill() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
