package vn.ioc.alerting.job;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertMessages;
import vn.ioc.alerting.AlertOutputs;
import vn.ioc.alerting.Control;
import vn.ioc.alerting.ControlDeserializer;
import vn.ioc.alerting.IndicatorDecoder;
import vn.ioc.alerting.Observed;
import vn.ioc.alerting.Province;
import vn.ioc.alerting.RuleEvaluation;
import vn.ioc.alerting.RuleFiles;
import vn.ioc.alerting.RuleVersions;
import vn.ioc.alerting.weekly.WeeklyReport;
import vn.ioc.alerting.weekly.WeeklyReportText;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.ClockTick;
import vn.ioc.clock.EngineClocks;
import vn.ioc.clock.EngineNow;
import vn.ioc.config.IocConfig;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;
import vn.ioc.dispatch.Ack;
import vn.ioc.dispatch.AckDecoder;
import vn.ioc.dispatch.AlertDispatch;
import vn.ioc.dispatch.DigestGrouping;
import vn.ioc.dispatch.DispatchControl;
import vn.ioc.dispatch.Dispatchable;
import vn.ioc.dispatch.Notification;
import vn.ioc.dispatch.NotificationRecords;
import vn.ioc.dispatch.Silence;
import vn.ioc.dispatch.SilenceDeserializer;
import vn.ioc.feed.AcceptanceGate;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.sinks.Sinks;

/**
 * The {@code alerting} job: indicator updates from {@code ioc.indicators} judged by the rules of
 * the rules folder and {@code ioc.alert-rules}, with the engine's clock from the updates and {@code
 * ioc.clock}; then the alerts dispatched per unit to the people responsible (escalation, reminders,
 * acknowledgements from {@code ioc.alert-acks}, silences from {@code ioc.alert-silences}, mute
 * windows, inhibition) and grouped into digests per recipient. Out: every alert change to {@code
 * ioc.alerts} and InfluxDB {@code alerts}; every notice and acknowledgement to InfluxDB {@code
 * alert_notifications}; the digests to the outbox {@code ioc.notifications} (live runs only: a
 * bounded recompute of last year must not message anyone again; a live run catching up on a backlog
 * sends one digest per recipient at the live edge, see {@link DigestGrouping}), and there too,
 * every Monday 07:30, the weekly programme report ({@link WeeklyReport}, setting {@code
 * alerting.weekly-report-to}); refused input to {@code ioc.deadletter}.
 *
 * <pre>
 * ioc.indicators → gate → by series: rule evaluation ─┐
 * ioc.alert-rules ─────────────────────┤ (broadcast)  │
 * ioc.clock → gate → engine clock ─────┤ (stop)       ↓
 * ioc.alert-acks → gate ─────────────────────→ by unit: dispatch ─→ ioc.alerts, InfluxDB alerts
 * ioc.alert-silences → gate ───────────────────┘ (broadcast) │ notices, records
 *                               by recipient: digests ←──────┘ → alert_notifications
 *                                     ↓ ioc.notifications
 * ioc.indicators → gate → one key: weekly report (Monday 07:30) → ioc.notifications
 * </pre>
 */
public final class AlertingJob {
  public static final String NAME = "alerting";

  public static final TypeInformation<Decoded<Observed>> DECODED_INDICATORS =
      TypeInformation.of(new TypeHint<Decoded<Observed>>() {});
  public static final TypeInformation<Decoded<ClockTick>> DECODED_TICKS =
      EngineClocks.DECODED_TICKS;
  public static final TypeInformation<Decoded<Ack>> DECODED_ACKS =
      TypeInformation.of(new TypeHint<Decoded<Ack>>() {});

  /** The streams the job produces. */
  public record Outputs(
      DataStream<AlertEvent> alerts,
      DataStream<Notification> notifications,
      DataStream<InfluxPoint> records,
      DataStream<DeadLetter> deadLetters) {}

  /**
   * The rules the job starts with: the rules folder's, by id, as text, and the versions the rules
   * topic held when the job was built ({@link RuleFiles#published}).
   */
  public record Rules(Map<String, String> files, Map<String, RuleVersions> published)
      implements java.io.Serializable {
    public static Rules of(Map<String, String> files) {
      return new Rules(files, Map.of());
    }
  }

  private final IocConfig config;
  private final boolean live;
  private final Rules startingRules;
  private final Province province;

  public AlertingJob(IocConfig config, boolean live, Rules startingRules, Province province) {
    this.config = config;
    this.live = live;
    this.startingRules = startingRules;
    this.province = province;
  }

  /** The indicator bus's event time: its writers' marks ({@link BusWatermarks}). */
  public WatermarkStrategy<Decoded<Observed>> busWatermarks() {
    return BusWatermarks.strategy(live ? config.get(IocConfig.IDLE_TIMEOUT) : null);
  }

  public <T extends vn.ioc.feed.EventTimed> WatermarkStrategy<Decoded<T>> watermarks() {
    return Decoded.watermarks(Duration.ZERO, live ? config.get(IocConfig.IDLE_TIMEOUT) : null);
  }

  /**
   * For inputs that carry no event time (rule changes, acknowledgements, silences): they must
   * neither hold the engine's clock back nor move it. They make no watermark and are idle after a
   * second without records: Flink's watermark merging ignores an idle input, and one that wakes up
   * behind the merged watermark until it catches up (never). A source emitting Long.MAX_VALUE
   * instead would be the only active input of an operator whose other inputs are idle, which would
   * then take MAX for "now" and never fire a timer again (seen in AlertDeliveryIT).
   */
  public static <T> WatermarkStrategy<T> withoutEventTime() {
    return WatermarkStrategy.<T>noWatermarks().withIdleness(Duration.ofSeconds(1));
  }

  /** A topic of rare changes without event time (rules, acks, silences), read by one reader. */
  public static <T> DataStream<T> inputWithoutEventTime(
      StreamExecutionEnvironment env,
      IocConfig config,
      String job,
      String topic,
      org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<
              T>
          deserializer,
      boolean bounded,
      String uid) {
    return env.fromSource(
            KafkaTopics.source(config, job, topic, deserializer, bounded),
            AlertingJob.<T>withoutEventTime(),
            topic)
        .setParallelism(1)
        .uid(uid)
        .name(topic);
  }

  /** The catch-up rule of a live run, on the engine's "now" of the setting {@code clock}. */
  static DigestGrouping.CatchUp catchUp(IocConfig config) {
    return new DigestGrouping.CatchUp(
        config.get(IocConfig.CATCH_UP_LAG).toMillis(), engineNow(config));
  }

  /** The engine's "now" of the setting {@code clock}, opened where an operator runs. */
  static DigestGrouping.Now engineNow(IocConfig config) {
    return () -> EngineNow.of(config, java.time.Clock.systemUTC(), "ioc-alerting-clock");
  }

  public Outputs build(
      DataStream<Decoded<Observed>> indicators,
      DataStream<Decoded<ClockTick>> ticks,
      DataStream<Control> rules,
      DataStream<Decoded<Ack>> acks,
      DataStream<Decoded<Silence>> silences) {
    Long untilSetting = config.get(IocConfig.UNTIL);
    long until = untilSetting == null ? ClockStop.NO_UNTIL : untilSetting;
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    SingleOutputStreamOperator<Observed> accepted =
        AcceptanceGate.acceptAll(
            // the writers' marks have made the bus's event time: they are not indicators
            indicators
                .filter(d -> !(d.isValid() && d.value.mark()))
                .uid("alerting-writer-marks")
                .name("writer marks aside"),
            Observed.class,
            NAME,
            config.get(IocConfig.TOPIC_INDICATORS),
            "indicator updates",
            "alerting-indicator-gate");
    SingleOutputStreamOperator<ClockTick> clockTicks = EngineClocks.accept(ticks, config, NAME);
    SingleOutputStreamOperator<Long> stops =
        EngineClocks.stop(
            EngineClocks.latestTimes(
                accepted.map(o -> o.asOf).returns(Types.LONG).uid("alerting-update-times"),
                "update",
                clockTicks,
                NAME),
            until,
            NAME);
    SingleOutputStreamOperator<AlertEvent> judged =
        accepted
            .keyBy(o -> o.series)
            .connect(
                rules
                    .union(
                        stops
                            .map(Control::stop)
                            .setParallelism(1)
                            .uid("alerting-clock-stop")
                            .name("clock stop"))
                    .broadcast(RuleEvaluation.RULES, ClockStop.STATE))
            .process(
                new RuleEvaluation(
                    startingRules.files(),
                    startingRules.published(),
                    new AlertMessages(province.names(), config.get(IocConfig.PROVINCE), zone),
                    NAME,
                    until))
            .uid("alerting-rule-evaluation")
            .name("rule evaluation");
    SingleOutputStreamOperator<Ack> acknowledgements =
        AcceptanceGate.acceptAll(
            acks,
            Ack.class,
            NAME,
            config.get(IocConfig.TOPIC_ALERT_ACKS),
            "acknowledgements",
            "alerting-ack-gate");
    SingleOutputStreamOperator<Silence> silenceChanges =
        AcceptanceGate.acceptAll(
            silences,
            Silence.class,
            NAME,
            config.get(IocConfig.TOPIC_ALERT_SILENCES),
            "silences",
            "alerting-silence-gate");
    SingleOutputStreamOperator<AlertEvent> alerts =
        judged
            .map(Dispatchable::of)
            .uid("alerting-dispatchable-alerts")
            .name("alerts to dispatch")
            .union(
                judged
                    .getSideOutput(RuleEvaluation.VALUES)
                    .map(Dispatchable::valueOf)
                    .uid("alerting-dispatchable-values")
                    .name("values to dispatch"),
                acknowledgements
                    .map(Dispatchable::of)
                    .setParallelism(acknowledgements.getParallelism())
                    .uid("alerting-dispatchable-acks")
                    .name("acks to dispatch"))
            .keyBy(Dispatchable::unit)
            .connect(
                silenceChanges
                    .map(DispatchControl::of)
                    .setParallelism(silenceChanges.getParallelism())
                    .uid("alerting-silence-controls")
                    .name("silence changes")
                    .union(
                        stops
                            .map(DispatchControl::stop)
                            .setParallelism(1)
                            .uid("alerting-dispatch-stop")
                            .name("clock stop (dispatch)"))
                    .broadcast(AlertDispatch.SILENCES, ClockStop.STATE))
            .process(new AlertDispatch(province.directory(), province.calendar(), zone, until))
            .uid("alerting-dispatch")
            .name("dispatch");
    SingleOutputStreamOperator<Notification> notifications =
        alerts
            .getSideOutput(AlertDispatch.NOTICES)
            .keyBy(n -> n.recipient)
            .process(
                new DigestGrouping(
                    config.get(IocConfig.GROUP_WAIT).toMillis(),
                    config.get(IocConfig.GROUP_INTERVAL).toMillis(),
                    config.get(IocConfig.ALERT_SENDER),
                    new DigestGrouping.Quiet(
                        province.directory().quietHours(), zone, province.calendar()),
                    live ? catchUp(config) : null))
            .uid("alerting-digests")
            .name("digests");
    DataStream<Notification> outbox = notifications;
    String reportTo = weeklyReportTo();
    if (reportTo != null)
      outbox = notifications.union(weeklyReport(accepted, stops, reportTo, until, zone));
    DataStream<DeadLetter> deadLetters =
        accepted
            .getSideOutput(DeadLetters.TAG)
            .union(
                clockTicks.getSideOutput(DeadLetters.TAG),
                judged.getSideOutput(DeadLetters.TAG),
                acknowledgements.getSideOutput(DeadLetters.TAG),
                silenceChanges.getSideOutput(DeadLetters.TAG));
    return new Outputs(
        alerts,
        outbox,
        alerts
            .getSideOutput(AlertDispatch.RECORDS)
            .union(notifications.getSideOutput(DigestGrouping.RECORDS)),
        deadLetters);
  }

  /**
   * Who receives the weekly report (setting {@code alerting.weekly-report-to}), or null when nobody
   * does: the setting is empty, or there is no reference data (a warning says so). A person
   * people.csv lacks is refused in one line.
   */
  String weeklyReportTo() {
    String to = config.get(IocConfig.WEEKLY_REPORT_TO);
    if (to == null || to.isEmpty()) return null;
    if (province.directory().people().isEmpty()) {
      org.slf4j.LoggerFactory.getLogger(AlertingJob.class)
          .warn("no people in the reference data: no weekly report to {}", to);
      return null;
    }
    if (!province.directory().people().containsKey(to))
      throw new IllegalArgumentException(
          "setting alerting.weekly-report-to = '"
              + to
              + "': no person "
              + to
              + " in people.csv of the reference data (empty: no weekly report)");
    return to;
  }

  /** The weekly programme report: one key, parallelism 1, its timers under the clock's stop. */
  private DataStream<Notification> weeklyReport(
      SingleOutputStreamOperator<Observed> accepted,
      SingleOutputStreamOperator<Long> stops,
      String to,
      long until,
      ZoneId zone) {
    return accepted
        .filter(WeeklyReport::feeds)
        .uid("alerting-weekly-report-feed")
        .name("weekly report updates")
        .keyBy(o -> to)
        .connect(stops.broadcast(ClockStop.STATE))
        .process(
            new WeeklyReport(
                to,
                new WeeklyReportText(
                    config.get(IocConfig.ALERT_SENDER),
                    config.get(IocConfig.PROVINCE),
                    zone,
                    province.names(),
                    province.directory()),
                zone,
                until,
                live ? engineNow(config) : null))
        .setParallelism(1)
        .uid("alerting-weekly-report")
        .name("weekly report");
  }

  public void attach(StreamExecutionEnvironment env, boolean bounded) {
    DataStream<Decoded<Observed>> indicators =
        KafkaTopics.eventTimeFeed(
                env,
                config,
                NAME,
                config.get(IocConfig.TOPIC_INDICATORS),
                DecodingDeserializer.bounded(
                    NAME,
                    new IndicatorDecoder(),
                    DECODED_INDICATORS,
                    vn.ioc.feed.TimeBounds.of(config)),
                busWatermarks(),
                bounded)
            .uid("alerting-source");
    DataStream<Decoded<ClockTick>> ticks =
        EngineClocks.source(env, config, NAME, bounded, this.<ClockTick>watermarks());
    DataStream<Control> rules =
        inputWithoutEventTime(
            env,
            config,
            NAME,
            config.get(IocConfig.TOPIC_ALERT_RULES),
            new ControlDeserializer(),
            bounded,
            "alerting-rules-source");
    DataStream<Decoded<Ack>> acks =
        inputWithoutEventTime(
            env,
            config,
            NAME,
            config.get(IocConfig.TOPIC_ALERT_ACKS),
            DecodingDeserializer.bounded(
                NAME, new AckDecoder(), DECODED_ACKS, vn.ioc.feed.TimeBounds.of(config)),
            bounded,
            "alerting-acks-source");
    DataStream<Decoded<Silence>> silences =
        inputWithoutEventTime(
            env,
            config,
            NAME,
            config.get(IocConfig.TOPIC_ALERT_SILENCES),
            new SilenceDeserializer(NAME),
            bounded,
            "alerting-silences-source");
    Outputs out = build(indicators, ticks, rules, acks, silences);
    out.alerts()
        .sinkTo(
            KafkaTopics.sink(
                config,
                NAME,
                config.get(IocConfig.TOPIC_ALERTS),
                new AlertOutputs.Records(config.get(IocConfig.TIMEZONE)),
                DeliveryGuarantee.EXACTLY_ONCE))
        .uid("alerting-alerts")
        .name("ioc.alerts");
    Sinks.points(
        out.alerts()
            .map(new AlertOutputs.Points())
            .uid("alerting-points")
            .name("alert points")
            .union(out.records()),
        config,
        NAME,
        "alerting-history");
    if (live) {
      out.notifications()
          .sinkTo(
              KafkaTopics.sink(
                  config,
                  NAME,
                  config.get(IocConfig.TOPIC_NOTIFICATIONS),
                  new NotificationRecords(config.get(IocConfig.TIMEZONE)),
                  DeliveryGuarantee.EXACTLY_ONCE))
          .uid("alerting-outbox")
          .name("ioc.notifications");
    }
    out.deadLetters()
        .sinkTo(Sinks.deadLetters(config, NAME))
        .uid("alerting-deadletters")
        .name("ioc.deadletter");
  }
}
