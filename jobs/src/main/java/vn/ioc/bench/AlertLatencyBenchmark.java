package vn.ioc.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.ioc.alerting.Province;
import vn.ioc.alerting.job.AlertingJob;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.config.IocConfig;

/**
 * {@code deploy/ioc bench --job=alerting-latency}: how long an indicator update waits before its
 * alert is decided and its notice reaches the outbox, in a live alerting job on the real clock with
 * a tick every whole minute on the clock topic (as {@code deploy/ioc clock} does). Every {@code
 * --every-ms} (3,000) an update of a new series, stamped "now", breaches its rule, so each update
 * is one new alert and one notice. Per update, the wall time from its send to:
 *
 * <ul>
 *   <li>its alert event written to {@code ioc.alerts} (read uncommitted: the decision, after the
 *       watermark reached the update);
 *   <li>that event readable by a {@code read_committed} consumer (the job writes exactly once: a
 *       checkpoint commits it);
 *   <li>its notice in a digest of the outbox {@code ioc.notifications}, readable committed (the
 *       digest's grouping wait set to 0 and its interval to 1 s, so what is measured is the time
 *       line, not the grouping).
 * </ul>
 *
 * The indicator topic has 3 partitions, as in production, and the idle timeout is the configured
 * one ({@code --idle-timeout} changes it): an update is decided when every partition that is not
 * idle has passed its time. {@code --seconds} (300) is how long updates are sent.
 */
public final class AlertLatencyBenchmark {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  private AlertLatencyBenchmark() {}

  public static void main(Map<String, String> flags) throws Exception {
    int seconds = Integer.parseInt(flags.getOrDefault("seconds", "300"));
    int everyMs = Integer.parseInt(flags.getOrDefault("every-ms", "3000"));
    String stateDir = flags.getOrDefault("state-dir", ".runtime/bench");
    String run = "bench.latency." + System.currentTimeMillis();
    IocConfig base = IocConfig.load(System.getenv(), Map.of());
    IocConfig config =
        base.with("topic.indicators", run + ".indicators")
            .with("topic.clock", run + ".clock")
            .with("topic.alert-rules", run + ".alert-rules")
            .with("topic.alert-acks", run + ".alert-acks")
            .with("topic.alert-silences", run + ".alert-silences")
            .with("topic.alerts", run + ".alerts")
            .with("topic.notifications", run + ".notifications")
            .with("topic.deadletter", run + ".deadletter")
            .with("influx.db", "bench_latency")
            .with("kafka.group-prefix", run)
            .with("state-dir", stateDir)
            .with("alerting.group-wait", "PT0S")
            .with("alerting.group-interval", "PT1S")
            .with(
                "idle-timeout",
                flags.getOrDefault("idle-timeout", base.get(IocConfig.IDLE_TIMEOUT).toString()));
    BenchServices.createTopics(
        config,
        List.of(
            run + ".clock",
            run + ".alert-rules",
            run + ".alert-acks",
            run + ".alert-silences",
            run + ".alerts",
            run + ".notifications",
            run + ".deadletter"));
    try (var admin = org.apache.kafka.clients.admin.Admin.create(config.kafkaClientProperties())) {
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(run + ".indicators", 3, (short) 1)))
          .all()
          .get();
    }
    BenchServices.createDatabase(config, "bench_latency");

    Configuration flinkConf = BenchRun.flink(config, AlertingJob.NAME);
    flinkConf.set(RestOptions.BIND_PORT, "0");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
    Province province = AlertingBenchmark.dutyOnly();
    String rule =
        "{\"id\": \"latency\", \"indicator\": {\"measurement\": \"bench_rates\", \"field\":"
            + " \"rate\"}, \"direction\": \"below\", \"warning\": {\"threshold\": 50}}";
    new AlertingJob(config, true, AlertingJob.Rules.of(Map.of("latency", rule)), province)
        .attach(env, false);
    JobClient client = env.executeAsync(AlertingJob.NAME + " (bench latency)");

    Map<String, Long> sent = new ConcurrentHashMap<>();
    Map<String, Long> decided = new ConcurrentHashMap<>();
    Map<String, Long> committed = new ConcurrentHashMap<>();
    Map<String, Long> outbox = new ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> readers =
        List.of(
            reader(config, run + ".alerts", "read_uncommitted", decided, false, stop),
            reader(config, run + ".alerts", "read_committed", committed, false, stop),
            reader(config, run + ".notifications", "read_committed", outbox, true, stop));
    readers.forEach(Thread::start);
    Thread.sleep(10_000); // the job starts

    long start = System.currentTimeMillis();
    long end = start + seconds * 1000L;
    Properties props = BenchServices.kafka(config);
    props.put("linger.ms", "0");
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      long nextTick = (System.currentTimeMillis() / 60_000 + 1) * 60_000;
      tick(p, run + ".clock", nextTick - 60_000);
      int i = 0;
      long nextUpdate = start;
      while (System.currentTimeMillis() < end) {
        long now = System.currentTimeMillis();
        if (now >= nextTick) {
          tick(p, run + ".clock", nextTick);
          nextTick += 60_000;
        }
        if (now >= nextUpdate) {
          String series = "L" + i++;
          long day = now - now % 86_400_000;
          vn.ioc.indicators.IndicatorUpdate u =
              new vn.ioc.indicators.IndicatorUpdate(
                  vn.ioc.influx.InfluxPoint.of("bench_rates", day)
                      .tag("series", series)
                      .field("rate", 10.0),
                  day + 86_400_000,
                  now,
                  false);
          p.send(
                  new ProducerRecord<>(
                      run + ".indicators",
                      u.seriesKey().getBytes(StandardCharsets.UTF_8),
                      vn.ioc.indicators.IndicatorJson.encode(u, ZONE)))
              .get();
          sent.put("latency bench_rates,series=" + series, System.currentTimeMillis());
          nextUpdate += everyMs;
        }
        Thread.sleep(20);
      }
      // one more minute for the last updates to come through
      long drain = System.currentTimeMillis() + 70_000;
      while (System.currentTimeMillis() < drain) {
        if (System.currentTimeMillis() >= nextTick) {
          tick(p, run + ".clock", nextTick);
          nextTick += 60_000;
        }
        Thread.sleep(200);
      }
    }
    client.cancel().get();
    stop.set(true);
    for (Thread r : readers) r.join();

    List<String> report = new ArrayList<>();
    report.add("| measure (wall seconds from the update's send) | p50 | p90 | max | of |");
    report.add("|---|---|---|---|---|");
    report.add(row("alert decided (ioc.alerts, uncommitted)", sent, decided));
    report.add(row("alert readable (ioc.alerts, committed)", sent, committed));
    report.add(row("notice in the outbox (ioc.notifications, committed)", sent, outbox));
    report.add("");
    report.add(
        String.format(
            Locale.ROOT,
            "%d s, an update every %d ms on 3 partitions, a tick every minute, idle timeout %s,"
                + " checkpoints every %s; digests: grouping wait 0, interval 1 s",
            seconds,
            everyMs,
            config.get(IocConfig.IDLE_TIMEOUT),
            config.get(IocConfig.CHECKPOINT_INTERVAL)));
    BenchReport.publish(report, stateDir, "bench-alert-latency-");
  }

  private static void tick(KafkaProducer<byte[], byte[]> p, String topic, long at)
      throws Exception {
    p.send(
            new ProducerRecord<>(
                topic,
                null,
                ("{\"at\": \"" + Rfc3339.format(at, ZONE) + "\", \"source\": \"bench\"}")
                    .getBytes(StandardCharsets.UTF_8)))
        .get();
  }

  /** Reads a topic from its start, noting when each alert id was first seen. */
  private static Thread reader(
      IocConfig config,
      String topic,
      String isolation,
      Map<String, Long> seen,
      boolean digests,
      java.util.concurrent.atomic.AtomicBoolean stop) {
    return new Thread(
        () -> {
          Properties props = config.kafkaClientProperties();
          props.put("isolation.level", isolation);
          try (KafkaConsumer<byte[], byte[]> c =
              new KafkaConsumer<>(
                  props,
                  new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                  new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            while (!stop.get()) {
              for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                long now = System.currentTimeMillis();
                String v = new String(r.value(), StandardCharsets.UTF_8);
                if (!digests) {
                  seen.putIfAbsent(new String(r.key(), StandardCharsets.UTF_8), now);
                  continue;
                }
                int at = 0;
                while ((at = v.indexOf("\"alertId\":\"", at)) >= 0) {
                  int from = at + 11;
                  int to = v.indexOf('"', from);
                  seen.putIfAbsent(v.substring(from, to), now);
                  at = to;
                }
              }
            }
          }
        },
        "bench-latency-" + isolation + "-" + topic);
  }

  private static String row(String what, Map<String, Long> sent, Map<String, Long> seen) {
    List<Double> d = new ArrayList<>();
    for (Map.Entry<String, Long> s : sent.entrySet()) {
      Long t = seen.get(s.getKey());
      if (t != null) d.add((t - s.getValue()) / 1000.0);
    }
    Collections.sort(d);
    if (d.isEmpty()) return "| " + what + " | — | — | — | 0 of " + sent.size() + " |";
    return String.format(
        Locale.ROOT,
        "| %s | %.1f | %.1f | %.1f | %d of %d |",
        what,
        d.get(d.size() / 2),
        d.get((int) Math.min(d.size() - 1, Math.ceil(d.size() * 0.9) - 1)),
        d.get(d.size() - 1),
        d.size(),
        sent.size());
  }
}
