package vn.ioc.progress;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.ClockTick;
import vn.ioc.clock.EngineClocks;
import vn.ioc.config.ClockKind;
import vn.ioc.config.IocConfig;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;
import vn.ioc.feed.AcceptanceGate;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.feed.EventTimed;
import vn.ioc.health.CalendarWatch;
import vn.ioc.health.FeedFreshness;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.sinks.Sinks;

/**
 * The {@code progress} job: programme reports from {@code ioc.progress} and the engine's clock from
 * {@code ioc.clock} to the {@code item_status} and {@code progress_summary} indicators (InfluxDB
 * and {@code ioc.indicators}), refused records to {@code ioc.deadletter}.
 *
 * <pre>
 * ioc.progress → gate → item tracker (by item: its newest report) ─→ item_status
 *                  │              └→ summary combiner → summary (by scope) → progress_summary
 * ioc.clock → gate ┴→ latest event times → engine clock (p=1) ── stop, broadcast to both keyed steps
 *                                 └→ calendar watch (p=1) → feed_health
 * report times, with clock=ticks the ticks → feed freshness (p=1) → feed_health
 * </pre>
 *
 * "Now" is the event-time watermark: reports and ticks, each in order per partition (no
 * out-of-orderness allowance: a report behind it is handled as late, by rewriting). {@link #build}
 * takes decoded streams, so tests run it on bounded input; {@link #attach} plugs in Kafka and
 * InfluxDB.
 */
public final class ProgressJob {
  public static final String NAME = "progress";

  public static final TypeInformation<Decoded<ProgressReport>> DECODED_REPORTS =
      TypeInformation.of(new TypeHint<Decoded<ProgressReport>>() {});
  public static final TypeInformation<Decoded<ClockTick>> DECODED_TICKS =
      EngineClocks.DECODED_TICKS;

  /** The streams the job produces. */
  public record Outputs(
      DataStream<IndicatorUpdate> itemStatus,
      DataStream<IndicatorUpdate> summaries,
      DataStream<IndicatorUpdate> feedHealth,
      DataStream<DeadLetter> deadLetters) {
    public DataStream<IndicatorUpdate> indicators() {
      return itemStatus.union(summaries, feedHealth);
    }
  }

  private final IocConfig config;
  private final boolean live;
  private final WorkingDays calendar;

  public ProgressJob(IocConfig config, boolean live, WorkingDays calendar) {
    this.config = config;
    this.live = live;
    this.calendar = calendar;
  }

  /**
   * Event time is {@code reportedAt} (a report) or {@code at} (a tick), per Kafka partition in the
   * source, with no out-of-orderness allowance. Idle partitions are skipped only in a live run.
   */
  public <T extends EventTimed> WatermarkStrategy<Decoded<T>> watermarks() {
    return Decoded.watermarks(Duration.ZERO, live ? config.get(IocConfig.IDLE_TIMEOUT) : null);
  }

  public Outputs build(
      DataStream<Decoded<ProgressReport>> reports, DataStream<Decoded<ClockTick>> ticks) {
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    Long untilSetting = config.get(IocConfig.UNTIL);
    long until = untilSetting == null ? ClockStop.NO_UNTIL : untilSetting;
    SummaryBoundaries boundaries =
        new SummaryBoundaries(zone, config.get(IocConfig.SUMMARY_INTERVAL));
    Duration horizon = config.get(IocConfig.PROGRESS_HORIZON);
    // chained operators hand records on without a copy: none of this job's operators changes a
    // record it received or has sent (the gate stamps a decoded report before it sends it)
    reports.getExecutionEnvironment().getConfig().enableObjectReuse();

    SingleOutputStreamOperator<ProgressReport> accepted =
        reports
            .transform(
                "acceptance gate",
                TypeInformation.of(ProgressReport.class),
                new AcceptanceGate<ProgressReport>(
                    NAME,
                    config.get(IocConfig.TOPIC_PROGRESS),
                    horizon,
                    Duration.ZERO,
                    r -> ProgressJson.encode(r, zone)))
            // chained to the source: the gate and the per-item order need each partition in order
            .setParallelism(reports.getParallelism())
            .uid("progress-acceptance-gate");
    SingleOutputStreamOperator<ClockTick> clockTicks = EngineClocks.accept(ticks, config, NAME);
    DataStream<Long> reportTimes =
        accepted
            .map(r -> r.reportedAt)
            .returns(Types.LONG)
            .uid("progress-report-times")
            .name("report times");
    DataStream<Long> eventTimes = EngineClocks.latestTimes(reportTimes, "report", clockTicks, NAME);
    BroadcastStream<Long> stop =
        EngineClocks.stop(eventTimes, until, NAME).broadcast(ClockStop.STATE);
    DataStream<IndicatorUpdate> calendarHealth =
        eventTimes
            .process(new CalendarWatch(calendar, zone))
            .setParallelism(1)
            .uid("progress-calendar-watch")
            .name("calendar watch");
    ClockKind clock = config.get(IocConfig.CLOCK);
    DataStream<IndicatorUpdate> freshness =
        FeedFreshness.of(
            reportTimes,
            clock == ClockKind.TICKS
                ? clockTicks
                    .map(t -> t.at)
                    .returns(Types.LONG)
                    .uid("progress-freshness-tick-times")
                    .name("tick times")
                : null,
            NAME,
            config.get(IocConfig.PROVINCE),
            clock,
            until,
            live);
    DataStream<IndicatorUpdate> feedHealth =
        freshness == null ? calendarHealth : calendarHealth.union(freshness);

    SingleOutputStreamOperator<IndicatorUpdate> items =
        accepted
            .keyBy(r -> r.itemId)
            .connect(stop)
            .process(
                new ItemTracker(
                    zone,
                    calendar,
                    cadences(),
                    days(config.get(IocConfig.PROGRESS_CADENCE)),
                    until,
                    boundaries))
            .uid("progress-item-tracker")
            .name("item tracker");
    DataStream<IndicatorUpdate> summaries =
        items
            .getSideOutput(ItemTracker.SUMMARY)
            .transform(
                "summary combiner", TypeInformation.of(SummaryDelta.class), new SummaryCombiner())
            .uid("progress-summary-combiner")
            .keyBy(SummaryDelta::getKey)
            .connect(stop)
            .process(new ProgressSummary(boundaries, until, horizon.plusDays(2)))
            .uid("progress-summary")
            .name("progress summary");
    DataStream<DeadLetter> deadLetters =
        accepted.getSideOutput(DeadLetters.TAG).union(clockTicks.getSideOutput(DeadLetters.TAG));
    return new Outputs(items, summaries, feedHealth, deadLetters);
  }

  private Map<String, Integer> cadences() {
    Map<String, Integer> m = new HashMap<>();
    Duration model = config.get(IocConfig.PROGRESS_CADENCE_MODEL);
    Duration task = config.get(IocConfig.PROGRESS_CADENCE_TASK);
    if (model != null) m.put("MODEL", days(model));
    if (task != null) m.put("TASK", days(task));
    return m;
  }

  private static int days(Duration d) {
    return (int) d.toDays();
  }

  /** Reads the two topics from Kafka and writes to InfluxDB, the indicator bus and dead letters. */
  public void attach(StreamExecutionEnvironment env, boolean bounded) {
    DataStream<Decoded<ProgressReport>> reports =
        KafkaTopics.eventTimeFeed(
                env,
                config,
                NAME,
                config.get(IocConfig.TOPIC_PROGRESS),
                DecodingDeserializer.bounded(
                    NAME,
                    new ProgressDecoder(),
                    DECODED_REPORTS,
                    vn.ioc.feed.TimeBounds.of(config)),
                this.<ProgressReport>watermarks(),
                bounded)
            .uid("progress-source");
    DataStream<Decoded<ClockTick>> ticks =
        EngineClocks.source(env, config, NAME, bounded, this.<ClockTick>watermarks());
    Outputs outputs = build(reports, ticks);
    // one sink chain per stream: the item points, the bulk, are never serialized between tasks
    Sinks.indicators(outputs.itemStatus(), config, NAME, NAME + "-items");
    Sinks.indicators(outputs.summaries(), config, NAME, NAME + "-summaries");
    Sinks.indicators(outputs.feedHealth(), config, NAME, NAME + "-health");
    outputs
        .deadLetters()
        .sinkTo(Sinks.deadLetters(config, NAME))
        .uid("progress-deadletters")
        .name("ioc.deadletter");
  }
}
