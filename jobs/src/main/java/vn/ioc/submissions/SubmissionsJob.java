package vn.ioc.submissions;

import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.ioc.calendar.LocalCalendar;
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
import vn.ioc.health.FeedFreshness;
import vn.ioc.health.FeedHealth;
import vn.ioc.health.FeedHealthDelta;
import vn.ioc.health.FeedTally;
import vn.ioc.health.KnownCodes;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.sinks.Sinks;

/**
 * The {@code submissions} job: public-service applications from {@code ioc.submissions} to the
 * {@code service_rates} indicators (InfluxDB and {@code ioc.indicators}), refused records to {@code
 * ioc.deadletter}.
 *
 * <pre>
 * source (decode, per-partition watermarks) → feed tally → acceptance gate → ended districts left
 *   out → revision ledger (by reportId's shard) → rollup unit×service → rollup unit → rollup
 *   district / commune / province → InfluxDB, indicator bus
 * feed tally + dead letters → feed health (by unit and hour of arrival) → feed_health
 * report times, with clock=ticks the ticks of ioc.clock → feed freshness (p=1) → feed_health
 * </pre>
 *
 * {@link #build} takes the decoded stream and returns the output streams, so tests run it on
 * bounded input; {@link #attach} plugs in Kafka and InfluxDB.
 */
public final class SubmissionsJob {
  public static final String NAME = "submissions";

  public static final TypeInformation<Decoded<SubmissionReport>> DECODED_TYPE =
      TypeInformation.of(new TypeHint<Decoded<SubmissionReport>>() {});

  /** The streams the job produces. */
  public record Outputs(
      DataStream<WindowSnapshot> snapshots,
      DataStream<IndicatorUpdate> feedHealth,
      DataStream<DeadLetter> deadLetters) {}

  private final IocConfig config;
  private final boolean live;
  private final KnownCodes knownCodes;

  /**
   * @param live write open windows early (a live run) or final values only (a bounded recompute)
   * @param knownCodes the reference data's unit and service codes, or null to count none as unknown
   */
  public SubmissionsJob(IocConfig config, boolean live, KnownCodes knownCodes) {
    this.config = config;
    this.live = live;
    this.knownCodes = knownCodes;
  }

  /**
   * Event time is the end of a report's period. Watermarks are made per Kafka partition in the
   * source. Idle partitions are skipped only in a live run: in a bounded one they would make the
   * result depend on speed (a finished partition never holds the watermark back anyway).
   */
  public WatermarkStrategy<Decoded<SubmissionReport>> watermarks() {
    return Decoded.watermarks(
        config.get(IocConfig.OUT_OF_ORDERNESS), live ? config.get(IocConfig.IDLE_TIMEOUT) : null);
  }

  /** Watermarks of the clock's ticks, in order (no out-of-orderness allowance). */
  public WatermarkStrategy<Decoded<ClockTick>> tickWatermarks() {
    return Decoded.watermarks(Duration.ZERO, live ? config.get(IocConfig.IDLE_TIMEOUT) : null);
  }

  /** {@link #build(DataStream, DataStream)} without the clock. */
  public Outputs build(DataStream<Decoded<SubmissionReport>> decoded) {
    return build(decoded, null);
  }

  /**
   * The job's graph on {@code decoded}.
   *
   * @param ticks the engine clock's ticks, read with a simulated clock ({@link ClockKind#TICKS}):
   *     they move the feed's freshness on while the feed is silent; null without
   */
  public Outputs build(
      DataStream<Decoded<SubmissionReport>> decoded, DataStream<Decoded<ClockTick>> ticks) {
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    LocalCalendar calendar = new LocalCalendar(zone);
    Duration horizon = config.get(IocConfig.ACCEPTANCE_HORIZON);
    String topic = config.get(IocConfig.TOPIC_SUBMISSIONS);

    SingleOutputStreamOperator<Decoded<SubmissionReport>> tallied =
        decoded
            .transform(
                "feed tally",
                DECODED_TYPE,
                new FeedTally<SubmissionReport>(
                    calendar,
                    knownCodes,
                    live ? Duration.ofSeconds(2) : null,
                    config.get(IocConfig.CLOCK)))
            .uid("submissions-feed-tally");
    SingleOutputStreamOperator<SubmissionReport> accepted =
        tallied
            .transform(
                "acceptance gate",
                TypeInformation.of(SubmissionReport.class),
                new AcceptanceGate<SubmissionReport>(
                    NAME,
                    topic,
                    horizon,
                    config.get(IocConfig.OUT_OF_ORDERNESS),
                    SubmissionJson::encode))
            .uid("submissions-acceptance-gate");

    DataStream<SubmissionReport> located =
        knownCodes == null
            ? accepted
            : accepted
                .map(new EndedDistricts(knownCodes))
                .returns(TypeInformation.of(SubmissionReport.class))
                .setParallelism(accepted.getParallelism())
                .uid("submissions-ended-districts")
                .name("ended districts");
    SingleOutputStreamOperator<Contribution> contributions =
        located
            .keyBy(RevisionLedger::shardOf)
            .process(
                new RevisionLedger(NAME, topic, config.get(IocConfig.PROVINCE), horizon, calendar))
            .uid("submissions-revision-ledger")
            .name("revision ledger");

    SingleOutputStreamOperator<WindowSnapshot> unitServices =
        rollup(
            contributions,
            calendar,
            horizon,
            "submissions-rollup-unit-service",
            "rollup unit×service");
    SingleOutputStreamOperator<WindowSnapshot> units =
        rollup(
            unitServices.getSideOutput(WindowRollup.UPWARD),
            calendar,
            horizon,
            "submissions-rollup-unit",
            "rollup unit");
    SingleOutputStreamOperator<WindowSnapshot> regions =
        rollup(
            units.getSideOutput(WindowRollup.UPWARD),
            calendar,
            horizon,
            "submissions-rollup-region",
            "rollup district/commune/province");

    DataStream<DeadLetter> deadLetters =
        accepted
            .getSideOutput(DeadLetters.TAG)
            .union(
                contributions.getSideOutput(DeadLetters.TAG),
                unitServices.getSideOutput(DeadLetters.TAG));
    DataStream<Long> tickTimes = null;
    DataStream<DeadLetter> refused = deadLetters;
    if (ticks != null) {
      SingleOutputStreamOperator<ClockTick> clockTicks = EngineClocks.accept(ticks, config, NAME);
      tickTimes =
          clockTicks
              .map(t -> t.at)
              .returns(Types.LONG)
              .uid(NAME + "-tick-times")
              .name("tick times");
      // a refused tick is the clock's, not a unit's: not in the units' feed health
      refused = deadLetters.union(clockTicks.getSideOutput(DeadLetters.TAG));
    }
    DataStream<IndicatorUpdate> health = feedHealth(tallied, deadLetters, calendar);
    DataStream<IndicatorUpdate> freshness =
        FeedFreshness.of(
            accepted
                .map(SubmissionReport::eventTime)
                .returns(Types.LONG)
                .uid(NAME + "-report-times")
                .name("report times"),
            tickTimes,
            NAME,
            config.get(IocConfig.PROVINCE),
            config.get(IocConfig.CLOCK),
            until(),
            live);
    return new Outputs(
        unitServices.union(units, regions),
        freshness == null ? health : health.union(freshness),
        refused);
  }

  private long until() {
    Long until = config.get(IocConfig.UNTIL);
    return until == null ? ClockStop.NO_UNTIL : until;
  }

  /** Per unit and hour of arrival: records, dead letters by reason, unknown codes. */
  private DataStream<IndicatorUpdate> feedHealth(
      SingleOutputStreamOperator<Decoded<SubmissionReport>> tallied,
      DataStream<DeadLetter> deadLetters,
      LocalCalendar calendar) {
    DataStream<FeedHealthDelta> deltas =
        tallied
            .getSideOutput(FeedTally.HEALTH)
            .union(
                deadLetters
                    .map(d -> FeedHealthDelta.of(d, calendar))
                    .uid("submissions-dead-letter-health")
                    .name("dead letters by unit"));
    return deltas
        .keyBy(d -> d.unit)
        .process(
            new FeedHealth(
                live, config.get(IocConfig.EARLY_WRITE_INTERVAL), Duration.ofDays(2), calendar))
        .uid("submissions-feed-health")
        .name("feed health");
  }

  private SingleOutputStreamOperator<WindowSnapshot> rollup(
      DataStream<Contribution> in,
      LocalCalendar calendar,
      Duration horizon,
      String uid,
      String name) {
    return in.keyBy(Contribution::seriesKey)
        .process(
            new WindowRollup(
                calendar,
                horizon,
                live,
                Duration.ofMillis(500),
                config.get(IocConfig.EARLY_WRITE_INTERVAL),
                config.get(IocConfig.MAX_SERIES_PER_SCOPE)))
        .uid(uid)
        .name(name);
  }

  /**
   * Reads {@code ioc.submissions} from Kafka and writes to InfluxDB, the indicator bus and the dead
   * letters.
   */
  public void attach(StreamExecutionEnvironment env, boolean bounded) {
    String topic = config.get(IocConfig.TOPIC_SUBMISSIONS);
    DataStream<Decoded<SubmissionReport>> decoded =
        env.fromSource(
                KafkaTopics.source(
                    config,
                    NAME,
                    topic,
                    DecodingDeserializer.bounded(
                        NAME,
                        new SubmissionDecoder(),
                        DECODED_TYPE,
                        vn.ioc.feed.TimeBounds.of(config)),
                    bounded),
                watermarks(),
                "ioc.submissions")
            .uid("submissions-source")
            .name("ioc.submissions");
    DataStream<Decoded<ClockTick>> ticks =
        config.get(IocConfig.CLOCK) == ClockKind.TICKS
            ? EngineClocks.source(env, config, NAME, bounded, tickWatermarks())
            : null;
    Outputs outputs = build(decoded, ticks);
    DataStream<IndicatorUpdate> rates =
        outputs
            .snapshots()
            .map(ServiceRates::update)
            .uid("submissions-updates")
            .name("service_rates");
    // each stream with its own sinks, chained to them: a union would serialize every point again
    Sinks.indicators(rates, config, NAME);
    Sinks.indicators(outputs.feedHealth(), config, NAME, NAME + "-health");
    outputs
        .deadLetters()
        .sinkTo(Sinks.deadLetters(config, NAME))
        .uid("submissions-deadletters")
        .name("ioc.deadletter");
  }
}
