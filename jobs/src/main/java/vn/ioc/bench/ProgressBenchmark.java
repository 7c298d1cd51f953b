package vn.ioc.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockTick;
import vn.ioc.config.IocConfig;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.progress.ProgressDecoder;
import vn.ioc.progress.ProgressJob;
import vn.ioc.progress.ProgressJson;
import vn.ioc.progress.ProgressReport;

/**
 * {@code deploy/ioc bench --job=progress}: the progress job over N reports (default 1,000,000) of
 * 5,000 items (1,000 models, 4,000 tasks in 10 groups, 40 owner units), each item reporting once a
 * day at an office hour for N / 5,000 days, produced once to {@code bench.progress.N} (3
 * partitions) in day order. In one run: Kafka's raw consume rate, the job with every output
 * discarded (the engine), and the job {@code --bounded} into a fresh InfluxDB database (reports/s
 * end to end, points written, the largest checkpointed state, heap).
 */
public final class ProgressBenchmark {
  private static final int ITEMS = 5000;
  private static final int MODELS = 1000;
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  private ProgressBenchmark() {}

  public static void main(Map<String, String> flags) throws Exception {
    int reports = Integer.parseInt(flags.getOrDefault("messages", "1000000"));
    String stateDir = flags.getOrDefault("state-dir", ".runtime/bench");
    IocConfig base = IocConfig.load(System.getenv(), Map.of());
    List<String> report = new ArrayList<>();
    report.add("| measure | value |");
    report.add("|---|---|");
    String topic = "bench.progress." + reports;
    long produced = ensureFeed(base, topic, reports);
    report.add(
        BenchReport.row(
            "reports in " + topic,
            String.format(Locale.ROOT, "%,d over %,d items", produced, ITEMS)));
    double kafkaRate = BenchServices.rawConsume(base, topic, produced);
    report.add(
        BenchReport.row("Kafka raw consume (1 consumer)", BenchReport.rate(kafkaRate, "reports")));

    String db = "bench_progress_" + System.currentTimeMillis();
    IocConfig config =
        base.with("topic.progress", topic)
            .with("topic.clock", "bench.clock")
            .with("influx.db", db)
            .with("topic.deadletter", "bench.deadletter")
            .with("topic.indicators", "bench.indicators")
            .with("kafka.group-prefix", "bench-" + System.currentTimeMillis())
            .with("state-dir", stateDir)
            .with("rest-port", "18281")
            .with("checkpoint-interval", BenchRun.checkpointInterval(flags));
    BenchServices.createTopics(
        config, List.of("bench.clock", "bench.deadletter", "bench.indicators"));
    WorkingDays calendar = WorkingDays.load(Path.of(config.get(IocConfig.CALENDAR_DIR)));

    BenchRun.Full engine =
        BenchRun.coldAndWarm(
            report,
            config,
            "progress-engine",
            "engine: progress, outputs discarded (p=2)",
            produced,
            "reports",
            env -> engine(env, config, calendar));

    if ("engine".equals(flags.get("only")))
      BenchReport.publish(report, stateDir, "bench-progress-");
    BenchServices.createDatabase(config, db);
    BenchRun.Full full =
        BenchRun.full(
            config,
            ProgressJob.NAME,
            env -> new ProgressJob(config, false, calendar).attach(env, true));
    report.add(
        BenchReport.row(
            "progress --bounded, Kafka in → InfluxDB written (p=2)",
            BenchReport.timing(produced, full, "reports")));
    long items =
        BenchServices.countPoints(
            config, db, List.of("SELECT count(overdue_days) FROM item_status"));
    long summaries =
        BenchServices.countPoints(config, db, List.of("SELECT count(total) FROM progress_summary"));
    report.add(
        BenchReport.row(
            "points written to InfluxDB: item_status + progress_summary",
            String.format(
                Locale.ROOT,
                "%,d + %,d (%,.0f points/s)",
                items,
                summaries,
                (items + summaries) / full.seconds())));
    BenchReport.closingRows(report, engine, full, produced, kafkaRate);
    BenchReport.publish(report, stateDir, "bench-progress-");
  }

  private static DataStream<Decoded<ProgressReport>> reports(
      StreamExecutionEnvironment env, IocConfig config, ProgressJob job) {
    return KafkaTopics.eventTimeFeed(
            env,
            config,
            "progress-engine",
            config.get(IocConfig.TOPIC_PROGRESS),
            DecodingDeserializer.bounded(
                "progress-engine",
                new ProgressDecoder(),
                ProgressJob.DECODED_REPORTS,
                vn.ioc.feed.TimeBounds.of(config)),
            job.<ProgressReport>watermarks(),
            true)
        .uid("bench-progress-reports");
  }

  /** Produces the feed once; a later run reuses the topic (its name carries the report count). */
  // every send's callback keeps a failure, checked after the flush
  @SuppressWarnings("FutureReturnValueIgnored")
  private static long ensureFeed(IocConfig config, String topic, int reports) throws Exception {
    long existing = BenchServices.reusableFeed(config, topic, reports);
    if (existing >= 0) return existing;
    long start = System.nanoTime();
    int days = Math.max(1, reports / ITEMS);
    LocalDate first = LocalDate.of(2024, 1, 1);
    SplittableRandom random = new SplittableRandom(2024);
    int sent = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            BenchServices.kafka(config), new ByteArraySerializer(), new ByteArraySerializer())) {
      BenchServices.Sends sends = new BenchServices.Sends();
      for (int d = 0; d < days && sent < reports; d++) {
        LocalDate day = first.plusDays(d);
        // the day's reports in time order, 08:00 to 17:00
        TreeMap<Long, ProgressReport> ordered = new TreeMap<>();
        for (int i = 0; i < ITEMS && sent + ordered.size() < reports; i++) {
          long at =
              day.atTime(8, 0).atZone(ZONE).toInstant().toEpochMilli()
                  + random.nextLong(9 * 3_600_000L) / 1000 * 1000;
          while (ordered.containsKey(at)) at++;
          ordered.put(at, report(i, d, days, at));
        }
        for (ProgressReport r : ordered.values()) {
          producer.send(
              new ProducerRecord<>(
                  topic, r.itemId.getBytes(StandardCharsets.UTF_8), ProgressJson.encode(r, ZONE)),
              sends);
          sent++;
        }
      }
      producer.flush();
      sends.check();
    }
    System.err.printf(
        Locale.ROOT, "produced %,d reports in %.1f s%n", sent, (System.nanoTime() - start) / 1e9);
    return BenchServices.endOffsets(config, topic);
  }

  /** Item i on day d of n: progressing linearly, done on its last report for half of them. */
  private static ProgressReport report(int i, int d, int days, long at) {
    ProgressReport r = new ProgressReport();
    boolean model = i < MODELS;
    r.itemId = (model ? "BM-" : "BT-") + i;
    r.reportId = r.itemId + "/" + d;
    r.kind = model ? "MODEL" : "TASK";
    r.title = (model ? "Mô hình thí điểm " : "Nhiệm vụ ") + i;
    r.group = model ? null : "Nhóm " + (i % 10 + 1);
    r.ownerUnit = String.format(Locale.ROOT, "000.00.%02d.H40", i % 40 + 1);
    r.responsible = "Phó Giám đốc " + r.ownerUnit;
    r.plannedStart = LocalDate.of(2024, 1, 1).toEpochDay();
    r.deadline = LocalDate.of(2024, 1, 1).plusDays(days - 30 + i % 60).toEpochDay();
    double pct = Math.min(100, 100.0 * (d + 1) / days * (i % 2 == 0 ? 1.0 : 0.8));
    if (pct >= 100) {
      r.status = "COMPLETED";
      r.progressPct = 100;
    } else if (d == 0) {
      r.status = "NOT_STARTED";
      r.progressPct = 0;
    } else {
      r.status = "IN_PROGRESS";
      r.progressPct = Math.round(pct * 10) / 10.0;
    }
    r.reportedAt = at;
    return r;
  }

  /** The engine run's graph: the whole progress job on the bench feed, every output discarded. */
  static void engine(StreamExecutionEnvironment env, IocConfig config, WorkingDays calendar) {
    ProgressJob job = new ProgressJob(config, false, calendar);
    ProgressJob.Outputs out =
        job.build(
            reports(env, config, job),
            vn.ioc.clock.EngineClocks.source(
                env, config, "progress-engine", true, job.<ClockTick>watermarks()));
    out.itemStatus().sinkTo(new DiscardingSink<>()).uid("bench-progress-discard-1");
    out.summaries().sinkTo(new DiscardingSink<>()).uid("bench-progress-discard-2");
    out.feedHealth().sinkTo(new DiscardingSink<>()).uid("bench-progress-discard-3");
    out.deadLetters().sinkTo(new DiscardingSink<>()).uid("bench-progress-discard-4");
  }
}
