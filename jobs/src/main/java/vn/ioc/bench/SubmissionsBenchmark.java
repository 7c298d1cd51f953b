package vn.ioc.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.cli.ToolArgs;
import vn.ioc.cli.UserError;
import vn.ioc.config.IocConfig;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.sinks.Sinks;
import vn.ioc.submissions.Counts;
import vn.ioc.submissions.Scope;
import vn.ioc.submissions.ServiceRates;
import vn.ioc.submissions.SubmissionDecoder;
import vn.ioc.submissions.SubmissionsJob;
import vn.ioc.submissions.WindowSnapshot;

/**
 * {@code deploy/ioc bench}: the submissions job measured against what the same machine can do at
 * all, in one run (this machine is shared and noisy: compare ratios, not absolute numbers).
 *
 * <ol>
 *   <li>feed: N messages (default 2,000,000) for 40 units × 53 services over 30 days of one-minute
 *       periods, produced once to {@code bench.submissions} (3 partitions);
 *   <li>Kafka's raw consume rate over that topic (one consumer, no processing);
 *   <li>a bare Flink job over it: Kafka → parse (the job's decoder) → discard;
 *   <li>the submissions job, {@code --bounded}, into a fresh InfluxDB database: events/s end to end
 *       (Kafka in, InfluxDB written), points written, the largest checkpointed state, heap and RSS;
 *   <li>a bare output job: as many points as the job wrote, generated, through the same InfluxDB
 *       and indicator-bus sinks: what writing the job's output costs on this machine by itself;
 *   <li>with {@code --live-seconds S}: a live run fed at {@code --live-rate} messages/s of "now",
 *       measuring how far today's province total in InfluxDB is behind the feed (p50/p99).
 * </ol>
 */
public final class SubmissionsBenchmark {
  private static final String TOPIC = "bench.submissions";
  private static final int UNITS = 40;
  private static final int SERVICES = 53;

  private SubmissionsBenchmark() {}

  /** Every benchmark's options (each benchmark reads its own). */
  public static final Set<String> OPTIONS =
      Set.of(
          "job",
          "only",
          "messages",
          "state-dir",
          "live-seconds",
          "live-rate",
          "checkpoint-interval",
          "seconds",
          "every-ms",
          "idle-timeout");

  public static void main(String[] args) throws Exception {
    ToolArgs a = ToolArgs.parse(args, OPTIONS, Set.of());
    if (!a.positional.isEmpty())
      throw new UserError(
          UserError.USAGE, "bench takes only options (--job, --messages, …): " + a.positional);
    Map<String, String> flags = new TreeMap<>(a.options);
    if ("progress".equals(flags.get("job"))) {
      ProgressBenchmark.main(flags);
      return;
    }
    if ("alerting-latency".equals(flags.get("job"))) {
      AlertLatencyBenchmark.main(flags);
      return;
    }
    if ("alerting".equals(flags.get("job"))) {
      AlertingBenchmark.main(flags);
      return;
    }
    int messages = Integer.parseInt(flags.getOrDefault("messages", "2000000"));
    int liveSeconds = Integer.parseInt(flags.getOrDefault("live-seconds", "0"));
    int liveRate = Integer.parseInt(flags.getOrDefault("live-rate", "10000"));
    String stateDir = flags.getOrDefault("state-dir", ".runtime/bench");
    IocConfig base = IocConfig.load(System.getenv(), Map.of());
    List<String> report = new ArrayList<>();
    report.add("| measure | value |");
    report.add("|---|---|");

    String topic = TOPIC + "." + messages;
    long produced = ensureFeed(base, topic, messages);
    report.add(
        BenchReport.row("messages in " + topic, String.format(Locale.ROOT, "%,d", produced)));

    double kafkaRate = BenchServices.rawConsume(base, topic, produced);
    report.add(
        BenchReport.row("Kafka raw consume (1 consumer)", BenchReport.rate(kafkaRate, "msg")));

    String db = "bench_" + System.currentTimeMillis();
    IocConfig config =
        base.with("topic.submissions", topic)
            .with("influx.db", db)
            .with("topic.deadletter", "bench.deadletter")
            .with("topic.indicators", "bench.indicators")
            .with("kafka.group-prefix", "bench-" + System.currentTimeMillis())
            .with("state-dir", stateDir)
            .with("rest-port", "18281")
            .with("checkpoint-interval", BenchRun.checkpointInterval(flags));

    // ratios are of warm runs
    BenchRun.Full bare =
        BenchRun.coldAndWarm(
            report,
            config,
            "bare",
            "bare Flink job: Kafka → parse → discard (p=2)",
            produced,
            "msg",
            env -> bare(env, config, topic));
    BenchRun.Full engine =
        BenchRun.coldAndWarm(
            report,
            config,
            "engine",
            "engine: submissions, outputs discarded (p=2)",
            produced,
            "msg",
            env -> engineOnly(env, config, topic));
    double bareRate = produced / bare.runningSeconds();
    report.add(
        BenchReport.row(
            "ratio engine / bare Flink (warm, while running)",
            String.format(Locale.ROOT, "%.2f", produced / engine.runningSeconds() / bareRate)));
    if ("engine".equals(flags.get("only"))) BenchReport.publish(report, stateDir, "bench-");

    BenchServices.createTopics(config, List.of("bench.deadletter", "bench.indicators"));
    BenchServices.createDatabase(config, db);
    BenchRun.Full full = submissionsJob(config);
    double fullRate = produced / full.runningSeconds();
    report.add(
        BenchReport.row(
            "**submissions --bounded, Kafka in → InfluxDB written (p=2)**",
            BenchReport.timing(produced, full, "msg")));
    long points = BenchServices.countPoints(config, db);
    report.add(
        BenchReport.row(
            "points written to InfluxDB",
            String.format(
                Locale.ROOT,
                "%,d (%s/s)",
                points,
                String.format(Locale.ROOT, "%,.0f", points / full.runningSeconds()))));
    report.add(
        BenchReport.row("largest checkpointed state", BenchReport.mib(full.maxStateBytes())));
    report.add(BenchReport.row("heap used, peak sampled", BenchReport.mib(full.maxHeapBytes())));
    report.add(
        BenchReport.row(
            "RSS of the benchmark JVM, peak (job + harness)",
            BenchReport.mib(BenchRun.peakRssBytes())));
    report.add(
        BenchReport.row(
            "ratio submissions / bare Flink (warm, while running)",
            String.format(Locale.ROOT, "%.2f", fullRate / bareRate)));
    report.add(
        BenchReport.row(
            "ratio submissions / Kafka raw consume",
            String.format(Locale.ROOT, "%.2f", fullRate / kafkaRate)));
    report.add(
        BenchReport.row(
            "ratio bare Flink / Kafka raw consume",
            String.format(Locale.ROOT, "%.2f", bareRate / kafkaRate)));

    // what writing that output costs on its own: the same number of points through the same sinks
    String outputDb = db + "_output";
    BenchServices.createDatabase(config, outputDb);
    BenchRun.Full output = bareOutput(config.with("influx.db", outputDb), points);
    long outputPoints = BenchServices.countPoints(config, outputDb);
    report.add(
        BenchReport.row(
            "bare output job: the same number of points, generated, through the job's InfluxDB"
                + " and bus sinks (p=2)",
            String.format(
                Locale.ROOT,
                "%,d points in %.1f s while running: %,.0f points/s",
                outputPoints,
                output.runningSeconds(),
                outputPoints / output.runningSeconds())));
    report.add(
        BenchReport.row(
            "**ratio submissions / bare output (points/s, while running)**",
            String.format(
                Locale.ROOT,
                "%.2f",
                (points / full.runningSeconds()) / (outputPoints / output.runningSeconds()))));

    if (liveSeconds > 0) {
      String liveDb = db + "_live";
      BenchServices.createDatabase(config, liveDb);
      Live live =
          live(
              config
                  .with("influx.db", liveDb)
                  .with("topic.submissions", "bench.live." + System.currentTimeMillis()),
              liveSeconds,
              liveRate);
      report.add(
          BenchReport.row(
              "live: rate offered / reached",
              String.format(Locale.ROOT, "%,d / %,.0f msg/s", liveRate, live.rate)));
      report.add(
          BenchReport.row(
              "live: today-so-far in InfluxDB behind the feed, p50 / p99 / max",
              String.format(
                  Locale.ROOT,
                  "%.1f s / %.1f s / %.1f s (%d samples)",
                  live.p50,
                  live.p99,
                  live.max,
                  live.samples)));
    }
    BenchReport.publish(report, stateDir, "bench-");
  }

  /** One message: one unit × service, one one-minute period, a handful of applications. */
  static byte[] message(int i, int unit, long minuteStart, SplittableRandom random) {
    int service = random.nextInt(SERVICES);
    int online = random.nextInt(4);
    int direct = random.nextInt(3);
    int postal = random.nextInt(10) == 0 ? 1 : 0;
    int onTime = random.nextInt(3);
    int late = random.nextInt(5) == 0 ? 1 : 0;
    String district = unit < 21 ? "\"districtCode\":\"" + (412 + unit) + "\"," : "";
    String json =
        "{\"reportId\":\"bench-"
            + i
            + "\",\"unitCode\":\"B"
            + unit
            + "\","
            + district
            + "\"serviceCode\":\"1."
            + (4000 + service)
            + "\",\"periodStart\":\""
            + Rfc3339.format(minuteStart, ZONE)
            + "\",\"periodEnd\":\""
            + Rfc3339.format(minuteStart + 60_000, ZONE)
            + "\",\"received\":{\"online\":"
            + online
            + ",\"direct\":"
            + direct
            + ",\"postal\":"
            + postal
            + "},\"fullyOnline\":"
            + (online / 2)
            + ",\"resolved\":{\"onTime\":"
            + onTime
            + ",\"late\":"
            + late
            + "}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Ho_Chi_Minh");

  /** Produces the feed once; a later run reuses the topic (its name carries the message count). */
  // every send's callback keeps a failure, checked after the flush
  @SuppressWarnings("FutureReturnValueIgnored")
  private static long ensureFeed(IocConfig config, String topic, int messages) throws Exception {
    long existing = BenchServices.reusableFeed(config, topic, messages);
    if (existing >= 0) return existing;
    long start = System.nanoTime();
    long first =
        java.time.OffsetDateTime.parse("2024-03-01T00:00:00+07:00").toInstant().toEpochMilli();
    long minutes = 30L * 24 * 60;
    SplittableRandom random = new SplittableRandom(2024);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            BenchServices.kafka(config), new ByteArraySerializer(), new ByteArraySerializer())) {
      BenchServices.Sends sends = new BenchServices.Sends();
      for (int i = 0; i < messages; i++) {
        long minute = first + (i * minutes / messages) * 60_000;
        int unit = random.nextInt(UNITS);
        producer.send(
            new ProducerRecord<>(
                topic,
                ("B" + unit).getBytes(StandardCharsets.UTF_8),
                message(i, unit, minute, random)),
            sends);
      }
      producer.flush();
      sends.check();
    }
    System.err.printf(
        Locale.ROOT,
        "produced %,d messages in %.1f s%n",
        messages,
        (System.nanoTime() - start) / 1e9);
    return BenchServices.endOffsets(config, topic);
  }

  /** Kafka → the job's decoder → discard: what the machine can do with this feed at all. */
  static void bare(StreamExecutionEnvironment env, IocConfig config, String topic) {
    env.fromSource(
            KafkaTopics.source(
                config,
                "bare",
                topic,
                DecodingDeserializer.bounded(
                    "bare",
                    new SubmissionDecoder(),
                    SubmissionsJob.DECODED_TYPE,
                    vn.ioc.feed.TimeBounds.of(config)),
                true),
            org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
            "bench")
        .uid("bench-submissions-source")
        .sinkTo(new DiscardingSink<>())
        .uid("bench-submissions-discard-1");
  }

  /**
   * The output side alone: {@code points} {@code service_rates} points, generated (no Kafka, no
   * aggregation), through the same InfluxDB and indicator-bus sinks as the job. Their shape follows
   * the job's: 6,600 series (about what the feed's 40 units × 53 services make across scopes and
   * windows), one point per series and minute, a few applications each.
   */
  private static BenchRun.Full bareOutput(IocConfig config, long points) throws Exception {
    return BenchRun.full(
        config,
        "bench-output",
        env ->
            Sinks.indicators(
                env.fromSequence(0, points - 1)
                    .map(SubmissionsBenchmark::generatedPoint)
                    .returns(IndicatorUpdate.class)
                    .name("generated points"),
                config,
                "bench-output"));
  }

  private static final int OUTPUT_SERIES = 6_600;
  private static final long OUTPUT_START = 1_704_042_000_000L; // 2024-01-01T00:00+07:00

  /**
   * The {@code i}-th point of the bare output job: series {@code i} mod 6,600, minute by minute.
   */
  private static IndicatorUpdate generatedPoint(long i) {
    int s = (int) (i % OUTPUT_SERIES);
    WindowSnapshot w = new WindowSnapshot();
    w.scope = Scope.UNIT_SERVICE;
    w.window = "1h";
    w.province = "40";
    w.district = "D" + (s % 21);
    w.unit = "U" + (s % UNITS);
    w.service = "1.00" + (4000 + s / UNITS);
    w.windowStart = OUTPUT_START + (i / OUTPUT_SERIES) * 60_000L;
    w.windowEnd = w.windowStart + 3_600_000L;
    w.counts = new Counts(i % 5, i % 3, i % 2, i % 5 / 2, i % 3, i % 2);
    w.asOf = w.windowEnd;
    w.isFinal = true;
    return ServiceRates.update(w);
  }

  /** The submissions job's operators on the same input, with every output discarded. */
  static void engineOnly(StreamExecutionEnvironment env, IocConfig config, String topic) {
    SubmissionsJob job = new SubmissionsJob(config, false, null);
    SubmissionsJob.Outputs out =
        job.build(
            env.fromSource(
                    KafkaTopics.source(
                        config,
                        "engine",
                        topic,
                        DecodingDeserializer.bounded(
                            "engine",
                            new SubmissionDecoder(),
                            SubmissionsJob.DECODED_TYPE,
                            vn.ioc.feed.TimeBounds.of(config)),
                        true),
                    job.watermarks(),
                    "bench")
                .uid("bench-submissions-source"));
    out.snapshots().sinkTo(new DiscardingSink<>()).uid("bench-submissions-discard-2");
    out.feedHealth().sinkTo(new DiscardingSink<>()).uid("bench-submissions-discard-3");
    out.deadLetters().sinkTo(new DiscardingSink<>()).uid("bench-submissions-discard-4");
  }

  private static BenchRun.Full submissionsJob(IocConfig config) throws Exception {
    return BenchRun.full(
        config,
        SubmissionsJob.NAME,
        env -> new SubmissionsJob(config, false, null).attach(env, true));
  }

  record Live(double rate, double p50, double p99, double max, int samples) {}

  /** A live run fed with "now" at a fixed rate: how old is today's province total in InfluxDB? */
  // the send's callback reports its outcome; the Future adds nothing
  @SuppressWarnings("FutureReturnValueIgnored")
  private static Live live(IocConfig config, int seconds, int ratePerSecond) throws Exception {
    String topic = config.get(IocConfig.TOPIC_SUBMISSIONS);
    try (Admin admin = Admin.create(config.kafkaClientProperties())) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    Configuration flinkConf =
        BenchRun.flink(config.with("checkpoint-interval", "10s"), SubmissionsJob.NAME);
    flinkConf.set(RestOptions.BIND_PORT, "18282");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
    new SubmissionsJob(config, true, null).attach(env, false);
    JobClient client = env.executeAsync(SubmissionsJob.NAME + " (bench live)");
    Thread.sleep(5000);

    // producer: each message is one online application "now"; the acked count over time is the feed
    List<long[]> fed = Collections.synchronizedList(new ArrayList<>());
    AtomicLong acked = new AtomicLong();
    long start = System.currentTimeMillis();
    Thread producer =
        new Thread(
            () -> {
              SplittableRandom random = new SplittableRandom(7);
              try (KafkaProducer<byte[], byte[]> p =
                  new KafkaProducer<>(
                      BenchServices.kafka(config),
                      new ByteArraySerializer(),
                      new ByteArraySerializer())) {
                long sent = 0;
                while (System.currentTimeMillis() - start < seconds * 1000L) {
                  long due = (System.currentTimeMillis() - start) * ratePerSecond / 1000;
                  for (; sent < due; sent++) {
                    long now = System.currentTimeMillis();
                    int unit = random.nextInt(UNITS);
                    String json =
                        "{\"reportId\":\"live-"
                            + sent
                            + "\",\"unitCode\":\"B"
                            + unit
                            + "\",\"serviceCode\":\"1."
                            + (4000 + random.nextInt(SERVICES))
                            + "\",\"periodStart\":\""
                            + Rfc3339.format(now, ZONE)
                            + "\",\"received\":{\"online\":1,\"direct\":0,\"postal\":0}}";
                    p.send(
                        new ProducerRecord<>(
                            topic,
                            ("B" + unit).getBytes(StandardCharsets.UTF_8),
                            json.getBytes(StandardCharsets.UTF_8)),
                        (m, e) -> {
                          if (e == null)
                            fed.add(
                                new long[] {System.currentTimeMillis(), acked.incrementAndGet()});
                        });
                  }
                  Thread.sleep(5);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bench-live-producer");
    producer.start();

    List<Double> lags = new ArrayList<>();
    String db = config.get(IocConfig.INFLUX_DB);
    long deadline = start + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      long shown = provinceToday(config, db);
      long now = System.currentTimeMillis();
      if (now - start < 20_000 || shown <= 0) continue; // warm-up
      // the moment the feed reached the count InfluxDB shows now
      long reachedAt = -1;
      synchronized (fed) {
        for (long[] f : fed) {
          if (f[1] >= shown) {
            reachedAt = f[0];
            break;
          }
        }
      }
      if (reachedAt > 0) lags.add((now - reachedAt) / 1000.0);
    }
    producer.join();
    double rate = acked.get() * 1000.0 / (System.currentTimeMillis() - start);
    client.cancel().get();
    Collections.sort(lags);
    if (lags.isEmpty()) return new Live(rate, Double.NaN, Double.NaN, Double.NaN, 0);
    return new Live(
        rate,
        lags.get(lags.size() / 2),
        lags.get((int) Math.min(lags.size() - 1, Math.ceil(lags.size() * 0.99) - 1)),
        lags.get(lags.size() - 1),
        lags.size());
  }

  private static long provinceToday(IocConfig config, String db) throws Exception {
    String q =
        "SELECT received FROM service_rates WHERE scope='province' AND \"window\"='1d' ORDER BY time DESC LIMIT 1";
    String body = BenchServices.influxQuery(config, db, q);
    Matcher m = Pattern.compile("\"values\":\\[\\[\"[^\"]+\",(\\d+)\\]").matcher(body);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
