package vn.ioc.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;
import vn.ioc.submissions.SubmissionsJob;

/**
 * {@code deploy/ioc watch}: one console line every few seconds with what is flowing: messages into
 * {@code ioc.submissions} and how far the {@code submissions} job is behind them, dead letters, and
 * today's province figures as InfluxDB has them (the newest {@code 1d} point), plus the simulated
 * clock when a simulator position file is given.
 *
 * <pre>
 * watch [--every 5] [--position FILE] [--drain [--timeout 60]]
 * </pre>
 *
 * {@code --drain} instead waits until the job has committed (on a checkpoint) every message in the
 * topic, then exits 0; 1 if that does not happen within the timeout.
 */
public final class FlowWatch {
  private FlowWatch() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter SIMULATED =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  public static void main(String[] args) throws Exception {
    // a mistake is said in one line by the launcher (Main)
    ToolArgs a = ToolArgs.parse(args, Set.of("every", "position", "timeout"), Set.of("drain"));
    if (!a.positional.isEmpty()) throw new IllegalArgumentException("unexpected " + a.positional);
    if (a.getInt("every", 5) < 1)
      throw new IllegalArgumentException("--every is whole seconds, at least 1");
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    try (Flow flow = new Flow(config)) {
      if (a.has("drain")) {
        System.exit(drain(flow, a.getInt("timeout", 60)) ? 0 : 1);
      }
      Path position = a.has("position") ? Path.of(a.get("position", "")) : null;
      long every = a.getInt("every", 5) * 1000L;
      Flow.Sample previous = flow.sample();
      while (true) {
        Thread.sleep(every);
        Flow.Sample now = flow.sample();
        System.out.println(line(config, previous, now, simulatedTime(position, config)));
        previous = now;
      }
    }
  }

  static boolean drain(Flow flow, int timeoutSeconds) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long behind;
    while ((behind = flow.sample().behind()) > 0) {
      if (System.nanoTime() > until) {
        System.out.println("the job is still " + behind + " messages behind; stopping anyway");
        return false;
      }
      System.out.println("draining: the job is " + behind + " messages behind");
      Thread.sleep(2000);
    }
    return true;
  }

  static String line(IocConfig config, Flow.Sample before, Flow.Sample now, String simulated) {
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    double seconds = Math.max(0.001, (now.at() - before.at()) / 1000.0);
    StringBuilder b = new StringBuilder();
    b.append('[').append(CLOCK.format(LocalTime.now(zone))).append("] ");
    if (simulated != null) b.append("simulated ").append(simulated).append(" | ");
    b.append(
        String.format(
            Locale.ROOT,
            "feed %.0f msg/s, not yet checkpointed by the job %d | dead letters %d (+%d)",
            (now.fed() - before.fed()) / seconds,
            now.behind(),
            now.deadLetters(),
            now.deadLetters() - before.deadLetters()));
    Map<String, Object> p = now.provinceToday();
    if (p == null) {
      b.append(" | no province figures in InfluxDB yet");
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              " | province %s: %,d received, online %s, fully online %s, on time %s",
              OffsetDateTime.parse((String) p.get("time")).atZoneSameInstant(zone).toLocalDate(),
              Math.round(((Number) p.get("received")).doubleValue()),
              pct(p.get("online_rate_pct")),
              pct(p.get("fully_online_rate_pct")),
              pct(p.get("on_time_rate_pct"))));
    }
    return b.toString();
  }

  private static String pct(Object v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f %%", ((Number) v).doubleValue());
  }

  /** The simulated clock of a simulator's position file, or null. */
  static String simulatedTime(Path position, IocConfig config) {
    if (position == null || !Files.exists(position)) return null;
    try {
      JsonNode p = JSON.readTree(position.toFile());
      return SIMULATED.format(
          Instant.ofEpochMilli(p.get("arrival").asLong()).atZone(config.get(IocConfig.TIMEZONE)));
    } catch (Exception e) {
      return null; // being replaced right now; the next line will have it
    }
  }

  /** Reads the Kafka offsets and InfluxDB figures a line shows. */
  static final class Flow implements AutoCloseable {
    record Sample(
        long at, long fed, long behind, long deadLetters, Map<String, Object> provinceToday) {}

    private final IocConfig config;
    private final Admin admin;
    private final InfluxDB influx;

    /**
     * Counts dead letters by reading them (committed ones only): the topic's end offsets would also
     * count the exactly-once sink's transaction markers.
     */
    private final KafkaConsumer<byte[], byte[]> deadLetterReader;

    private long deadLetters;

    Flow(IocConfig config) throws Exception {
      this.config = config;
      this.admin = Admin.create(TopicsTool.adminProperties(config));
      this.deadLetterReader = vn.ioc.kafka.KafkaTopics.reader(config, "ioc-watch");
      List<TopicPartition> dl = partitions(config.get(IocConfig.TOPIC_DEADLETTER));
      deadLetterReader.assign(dl);
      deadLetterReader.seekToBeginning(dl);
      this.influx = InfluxQueries.connect(config);
    }

    Sample sample() throws Exception {
      String submissions = config.get(IocConfig.TOPIC_SUBMISSIONS);
      Map<TopicPartition, Long> end = endOffsets(submissions);
      String group = config.get(IocConfig.CONSUMER_GROUP_PREFIX) + "-" + SubmissionsJob.NAME;
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      long fed = 0;
      long behind = 0;
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        fed += e.getValue();
        OffsetAndMetadata c = committed.get(e.getKey());
        behind += e.getValue() - (c == null ? 0 : c.offset());
      }
      return new Sample(
          System.currentTimeMillis(), fed, behind, readDeadLetters(), provinceToday());
    }

    /** Reads the dead letters written since the last call (for at most a few seconds). */
    private long readDeadLetters() {
      Map<TopicPartition, Long> end = deadLetterReader.endOffsets(deadLetterReader.assignment());
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (!vn.ioc.kafka.KafkaTopics.reachedEnd(deadLetterReader, end)
          && System.nanoTime() < until) {
        deadLetters += deadLetterReader.poll(java.time.Duration.ofMillis(200)).count();
      }
      return deadLetters;
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
      List<TopicPartition> partitions = partitions(topic);
      return admin
          .listOffsets(
              partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
          .all()
          .get(30, TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The newest province day point (field name to value, and "time"), or null. */
    private Map<String, Object> provinceToday() {
      QueryResult r =
          influx.query(
              new Query(
                  "SELECT received, online_rate_pct, fully_online_rate_pct, on_time_rate_pct"
                      + " FROM service_rates WHERE scope = 'province' AND \"window\" = '1d'"
                      + " ORDER BY time DESC LIMIT 1",
                  config.get(IocConfig.INFLUX_DB)));
      if (r.hasError() || r.getResults() == null || r.getResults().isEmpty()) return null;
      QueryResult.Result first = r.getResults().get(0);
      if (first.hasError() || first.getSeries() == null || first.getSeries().isEmpty()) return null;
      QueryResult.Series s = first.getSeries().get(0);
      Map<String, Object> row = new java.util.HashMap<>();
      for (int i = 0; i < s.getColumns().size(); i++) {
        row.put(s.getColumns().get(i), s.getValues().get(0).get(i));
      }
      return row.get("received") == null ? null : row;
    }

    @Override
    public void close() {
      deadLetterReader.close();
      admin.close();
      influx.close();
    }
  }
}
