package vn.ioc.alerting;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.ClockTick;
import vn.ioc.clock.EngineClocks;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;
import vn.ioc.feed.AcceptanceGate;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.launcher.IocConfig;
import vn.ioc.launcher.Sinks;

/**
 * The {@code alerting} job (first part): indicator updates from {@code ioc.indicators} judged by
 * the rules of the rules folder and {@code ioc.alert-rules}, with the engine's clock from the
 * updates and {@code ioc.clock}; every alert change to {@code ioc.alerts} and to the InfluxDB
 * measurement {@code alerts}; refused input and rules to {@code ioc.deadletter}.
 *
 * <pre>
 * ioc.indicators → gate → by series: rule evaluation ─→ ioc.alerts, InfluxDB alerts
 * ioc.alert-rules ─────────────────────┤ (broadcast: rules, the clock's stop)
 * ioc.clock → gate ┬ latest event times → engine clock (p=1) ┘
 * </pre>
 */
public final class AlertingJob {
  public static final String NAME = "alerting";

  public static final TypeInformation<Decoded<Observed>> DECODED_INDICATORS =
      TypeInformation.of(new TypeHint<Decoded<Observed>>() {});
  public static final TypeInformation<Decoded<ClockTick>> DECODED_TICKS =
      EngineClocks.DECODED_TICKS;

  /** The streams the job produces. */
  public record Outputs(DataStream<AlertEvent> events, DataStream<DeadLetter> deadLetters) {}

  private final IocConfig config;
  private final boolean live;
  private final Map<String, String> fileRules;

  public AlertingJob(IocConfig config, boolean live, Map<String, String> fileRules) {
    this.config = config;
    this.live = live;
    this.fileRules = fileRules;
  }

  public <T extends vn.ioc.feed.EventTimed> WatermarkStrategy<Decoded<T>> watermarks() {
    return Decoded.watermarks(Duration.ZERO, live ? config.get(IocConfig.IDLE_TIMEOUT) : null);
  }

  /** Rule changes carry no event time and must not hold the clock back. */
  public static WatermarkStrategy<Control> ruleWatermarks() {
    return WatermarkStrategy.forGenerator(
        ctx ->
            new WatermarkGenerator<Control>() {
              @Override
              public void onEvent(Control c, long ts, WatermarkOutput out) {}

              @Override
              public void onPeriodicEmit(WatermarkOutput out) {
                out.emitWatermark(new Watermark(Long.MAX_VALUE));
              }
            });
  }

  public Outputs build(
      DataStream<Decoded<Observed>> indicators,
      DataStream<Decoded<ClockTick>> ticks,
      DataStream<Control> rules) {
    Long untilSetting = config.get(IocConfig.UNTIL);
    long until = untilSetting == null ? ClockStop.NO_UNTIL : untilSetting;
    SingleOutputStreamOperator<Observed> accepted =
        indicators
            .transform(
                "indicator updates",
                TypeInformation.of(Observed.class),
                new AcceptanceGate<Observed>(
                    NAME, config.get(IocConfig.TOPIC_INDICATORS), null, Duration.ZERO, o -> null))
            .setParallelism(indicators.getParallelism())
            .uid("alerting-indicator-gate");
    SingleOutputStreamOperator<ClockTick> clockTicks = EngineClocks.accept(ticks, config, NAME);
    DataStream<Control> stops =
        EngineClocks.stop(
                EngineClocks.latestTimes(
                    accepted.map(o -> o.asOf).returns(Types.LONG).uid("alerting-update-times"),
                    "update",
                    clockTicks,
                    NAME),
                until,
                NAME)
            .map(Control::stop)
            .setParallelism(1)
            .uid("alerting-clock-stop");
    SingleOutputStreamOperator<AlertEvent> events =
        accepted
            .keyBy(o -> o.series)
            .connect(rules.union(stops).broadcast(RuleEvaluation.RULES, ClockStop.STATE))
            .process(new RuleEvaluation(fileRules, NAME, until))
            .uid("alerting-rule-evaluation")
            .name("rule evaluation");
    DataStream<DeadLetter> deadLetters =
        accepted
            .getSideOutput(DeadLetters.TAG)
            .union(
                clockTicks.getSideOutput(DeadLetters.TAG), events.getSideOutput(DeadLetters.TAG));
    return new Outputs(events, deadLetters);
  }

  public void attach(StreamExecutionEnvironment env, boolean bounded) {
    DataStream<Decoded<Observed>> indicators =
        env.fromSource(
                KafkaTopics.source(
                    config,
                    NAME,
                    config.get(IocConfig.TOPIC_INDICATORS),
                    new DecodingDeserializer<>(NAME, new IndicatorDecoder(), DECODED_INDICATORS),
                    bounded),
                this.<Observed>watermarks(),
                "ioc.indicators")
            // one reader per partition (KafkaTopics.partitionCount)
            .setParallelism(
                KafkaTopics.partitionCount(config, config.get(IocConfig.TOPIC_INDICATORS)))
            .uid("alerting-source")
            .name("ioc.indicators");
    DataStream<Decoded<ClockTick>> ticks =
        EngineClocks.source(env, config, NAME, bounded, this.<ClockTick>watermarks());
    DataStream<Control> rules =
        env.fromSource(
                KafkaTopics.source(
                    config,
                    NAME,
                    config.get(IocConfig.TOPIC_ALERT_RULES),
                    new ControlDeserializer(),
                    bounded),
                ruleWatermarks(),
                "ioc.alert-rules")
            .setParallelism(1)
            .uid("alerting-rules-source")
            .name("ioc.alert-rules");
    Outputs out = build(indicators, ticks, rules);
    out.events()
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
        out.events().map(AlertOutputs::point).uid("alerting-points").name("alert points"),
        config,
        NAME,
        "alerting-history");
    out.deadLetters()
        .sinkTo(Sinks.deadLetters(config, NAME))
        .uid("alerting-deadletters")
        .name("ioc.deadletter");
  }
}
