package vn.ioc.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.ioc.alerting.Control;
import vn.ioc.alerting.IndicatorDecoder;
import vn.ioc.alerting.Observed;
import vn.ioc.alerting.Province;
import vn.ioc.alerting.job.AlertingJob;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockTick;
import vn.ioc.config.IocConfig;
import vn.ioc.dispatch.AckDecoder;
import vn.ioc.dispatch.SilenceDeserializer;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.indicators.IndicatorJson;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.reference.Directory;

/**
 * {@code deploy/ioc bench --job=alerting}: 1,000 rules over 100,000 series, each series matched by
 * exactly 3 rules, and N indicator updates (default 1,000,000: ten per series, in time order over
 * ten days), produced once to {@code bench.indicators.N} (3 partitions). A series has tags {@code
 * a}, {@code b}, {@code c} (333, 333 and 334 values) and {@code unit} (1,000 units); rule family A
 * matches one value of {@code a}, B one of {@code b}, C one of {@code c}. Values hover above the
 * warning threshold and one update in twenty dips below it, so alerts fire and resolve. In one run:
 * Kafka's raw consume rate, the job with every output discarded (the engine: evaluation, dispatch,
 * digests), and the job {@code --bounded} into a fresh InfluxDB database (updates/s end to end,
 * points written, the largest checkpointed state, heap).
 */
public final class AlertingBenchmark {
  static final int SERIES = 100_000;
  static final int UNITS = 1_000;
  static final int[] FAMILY = {333, 333, 334};
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  private AlertingBenchmark() {}

  public static void main(Map<String, String> flags) throws Exception {
    int updates = Integer.parseInt(flags.getOrDefault("messages", "1000000"));
    String stateDir = flags.getOrDefault("state-dir", ".runtime/bench");
    IocConfig base = IocConfig.load(System.getenv(), Map.of());
    List<String> report = new ArrayList<>();
    report.add("| measure | value |");
    report.add("|---|---|");
    String topic = "bench.indicators." + updates;
    long produced = ensureFeed(base, topic, updates);
    Map<String, String> rules = rules();
    report.add(
        BenchReport.row(
            "updates in " + topic,
            String.format(
                Locale.ROOT,
                "%,d over %,d series, %,d rules (3 per series)",
                produced,
                SERIES,
                rules.size())));
    double kafkaRate = BenchServices.rawConsume(base, topic, produced);
    report.add(
        BenchReport.row("Kafka raw consume (1 consumer)", BenchReport.rate(kafkaRate, "updates")));

    String db = "bench_alerting_" + System.currentTimeMillis();
    IocConfig config =
        base.with("topic.indicators", topic)
            .with("topic.clock", "bench.clock")
            .with("topic.alert-rules", "bench.alert-rules")
            .with("topic.alert-acks", "bench.alert-acks")
            .with("topic.alert-silences", "bench.alert-silences")
            .with("topic.alerts", "bench.alerts")
            .with("topic.notifications", "bench.notifications")
            .with("topic.deadletter", "bench.deadletter")
            .with("influx.db", db)
            .with("kafka.group-prefix", "bench-" + System.currentTimeMillis())
            .with("state-dir", stateDir)
            .with("rest-port", "18281")
            .with("checkpoint-interval", BenchRun.checkpointInterval(flags));
    BenchServices.createTopics(
        config,
        List.of(
            "bench.clock",
            "bench.alert-rules",
            "bench.alert-acks",
            "bench.alert-silences",
            "bench.alerts",
            "bench.notifications",
            "bench.deadletter"));
    Province province = dutyOnly();

    BenchRun.Full engine =
        BenchRun.coldAndWarm(
            report,
            config,
            "alerting-engine",
            "engine: alerting, outputs discarded (p=2)",
            produced,
            "updates",
            env -> engine(env, config, rules, province));
    if ("engine".equals(flags.get("only"))) {
      report.add(
          BenchReport.row(
              "largest checkpointed state (engine run)", BenchReport.mib(engine.maxStateBytes())));
      BenchReport.publish(report, stateDir, "bench-alerting-");
    }
    BenchServices.createDatabase(config, db);
    BenchRun.Full full =
        BenchRun.full(
            config,
            AlertingJob.NAME,
            env ->
                new AlertingJob(config, false, AlertingJob.Rules.of(rules), province)
                    .attach(env, true));
    report.add(
        BenchReport.row(
            "alerting --bounded, Kafka in → ioc.alerts and InfluxDB written (p=2)",
            BenchReport.timing(produced, full, "updates")));
    long alerts =
        BenchServices.countPoints(config, db, List.of("SELECT count(since_ms) FROM alerts"));
    long notices =
        BenchServices.countPoints(
            config, db, List.of("SELECT count(alert_id) FROM alert_notifications"));
    report.add(
        BenchReport.row(
            "points written to InfluxDB: alerts + alert_notifications",
            String.format(Locale.ROOT, "%,d + %,d", alerts, notices)));
    BenchReport.closingRows(report, engine, full, produced, kafkaRate);
    BenchReport.publish(report, stateDir, "bench-alerting-");
  }

  /** A province whose every unit's alerts go to one duty officer, with weekends off. */
  static Province dutyOnly() {
    return new Province(
        new Directory(
            Map.of(
                "duty",
                new Directory.Person("duty", "Trực ban", "Trực ban", "40", null, null, List.of())),
            Map.of(Directory.ANY_UNIT, List.of(new Directory.Step(0, "duty", Duration.ZERO)))),
        Map.of(),
        WorkingDays.weekendsOnly());
  }

  /**
   * Rule families A, B, C: one value of tag a, b or c each; below 50 warns, below 30 is critical.
   */
  static Map<String, String> rules() {
    Map<String, String> rules = new LinkedHashMap<>();
    String[] tags = {"a", "b", "c"};
    for (int f = 0; f < 3; f++) {
      for (int v = 0; v < FAMILY[f]; v++) {
        String id = "bench-" + tags[f] + "-" + v;
        rules.put(
            id,
            "{\"id\":\""
                + id
                + "\",\"indicator\":{\"measurement\":\"bench_rates\",\"field\":\"rate\"},"
                + "\"match\":{\""
                + tags[f]
                + "\":\""
                + v
                + "\"},\"direction\":\"below\","
                + "\"warning\":{\"threshold\":50,\"reset\":55},"
                + "\"critical\":{\"threshold\":30,\"reset\":35},"
                + "\"minVolume\":{\"field\":\"received\",\"atLeast\":20},\"renotify\":\"4h\"}");
      }
    }
    return rules;
  }

  /** The tags of series {@code s}: each of a, b, c picks one rule of its family. */
  static Map<String, String> tags(int s) {
    return Map.of(
        "a", Integer.toString(s % FAMILY[0]),
        "b", Integer.toString((s / FAMILY[0]) % FAMILY[1]),
        "c", Integer.toString((s * 7 + 13) % FAMILY[2]),
        "unit", "U" + (s % UNITS));
  }

  private static DataStream<Decoded<Observed>> updates(
      StreamExecutionEnvironment env, IocConfig config, AlertingJob job) {
    return KafkaTopics.eventTimeFeed(
            env,
            config,
            "alerting-engine",
            config.get(IocConfig.TOPIC_INDICATORS),
            DecodingDeserializer.bounded(
                "alerting-engine",
                new IndicatorDecoder(),
                AlertingJob.DECODED_INDICATORS,
                vn.ioc.feed.TimeBounds.of(config)),
            job.busWatermarks(),
            true)
        .uid("bench-alerting-updates");
  }

  /** Produces the feed once; a later run reuses the topic (its name carries the update count). */
  // every send's callback keeps a failure, checked after the flush
  @SuppressWarnings("FutureReturnValueIgnored")
  private static long ensureFeed(IocConfig config, String topic, int updates) throws Exception {
    long existing = BenchServices.reusableFeed(config, topic, updates);
    if (existing >= 0) return existing;
    long start = System.nanoTime();
    long first = LocalDate.of(2024, 10, 14).atStartOfDay(ZONE).toInstant().toEpochMilli();
    long step = Math.max(1, 10L * 86_400_000 / updates); // ten days in time order
    SplittableRandom random = new SplittableRandom(2024);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            BenchServices.kafka(config), new ByteArraySerializer(), new ByteArraySerializer())) {
      BenchServices.Sends sends = new BenchServices.Sends();
      for (int i = 0; i < updates; i++) {
        int s = i % SERIES;
        long at = first + i * step;
        double rate =
            random.nextInt(20) == 0 ? 20 + random.nextDouble(30) : 56 + random.nextDouble(40);
        InfluxPoint p =
            InfluxPoint.of("bench_rates", at - at % 86_400_000)
                .field("rate", Math.round(rate * 10) / 10.0)
                .field("received", (long) (20 + random.nextInt(80)));
        tags(s).forEach(p::tag);
        IndicatorUpdate u = new IndicatorUpdate(p, at - at % 86_400_000 + 86_400_000, at, false);
        producer.send(
            new ProducerRecord<>(
                topic,
                u.seriesKey().getBytes(StandardCharsets.UTF_8),
                IndicatorJson.encode(u, ZONE)),
            sends);
      }
      producer.flush();
      sends.check();
    }
    System.err.printf(
        Locale.ROOT,
        "produced %,d updates in %.1f s%n",
        updates,
        (System.nanoTime() - start) / 1e9);
    return BenchServices.endOffsets(config, topic);
  }

  /** The engine run's graph: the whole alerting job on the bench feed, every output discarded. */
  static void engine(
      StreamExecutionEnvironment env,
      IocConfig config,
      Map<String, String> rules,
      Province province) {
    // the bench province's directory has no chair: no weekly report
    AlertingJob job =
        new AlertingJob(
            config.with("alerting.weekly-report-to", ""),
            false,
            AlertingJob.Rules.of(rules),
            province);
    AlertingJob.Outputs out =
        job.build(
            updates(env, config, job),
            vn.ioc.clock.EngineClocks.source(
                env, config, "alerting-engine", true, job.<ClockTick>watermarks()),
            env.fromData(TypeInformation.of(Control.class), Control.rule("bench-none", null))
                .uid("bench-alerting-rules")
                .assignTimestampsAndWatermarks(AlertingJob.<Control>withoutEventTime())
                .uid("bench-alerting-rules-time")
                .setParallelism(1),
            AlertingJob.inputWithoutEventTime(
                env,
                config,
                "alerting-engine",
                "bench.alert-acks",
                DecodingDeserializer.bounded(
                    "alerting-engine",
                    new AckDecoder(),
                    AlertingJob.DECODED_ACKS,
                    vn.ioc.feed.TimeBounds.of(config)),
                true,
                "bench-acks"),
            AlertingJob.inputWithoutEventTime(
                env,
                config,
                "alerting-engine",
                "bench.alert-silences",
                new SilenceDeserializer("alerting-engine"),
                true,
                "bench-silences"));
    out.alerts().sinkTo(new DiscardingSink<>()).uid("bench-alerting-discard-1");
    out.notifications().sinkTo(new DiscardingSink<>()).uid("bench-alerting-discard-2");
    out.records().sinkTo(new DiscardingSink<InfluxPoint>()).uid("bench-alerting-discard-3");
    out.deadLetters().sinkTo(new DiscardingSink<>()).uid("bench-alerting-discard-4");
  }
}
