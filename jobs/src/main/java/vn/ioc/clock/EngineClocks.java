package vn.ioc.clock;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.ioc.config.IocConfig;
import vn.ioc.feed.AcceptanceGate;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.kafka.KafkaTopics;

/**
 * The engine's clock as every job that keeps time wires it: the ticks of {@code ioc.clock} (one
 * reader), their gate, the latest event time per instance of the job's feed and of the ticks, and
 * the {@link EngineClock} that turns them into the stop of a bounded run. Operator uids start with
 * the job's name.
 */
public final class EngineClocks {
  private EngineClocks() {}

  public static final TypeInformation<Decoded<ClockTick>> DECODED_TICKS =
      TypeInformation.of(
          new org.apache.flink.api.common.typeinfo.TypeHint<Decoded<ClockTick>>() {});

  /**
   * The ticks of {@code ioc.clock}, read by one reader: a reader without a partition would hold the
   * watermark back until it is found idle ({@code ioc.clock} has one partition).
   */
  public static DataStream<Decoded<ClockTick>> source(
      StreamExecutionEnvironment env,
      IocConfig config,
      String job,
      boolean bounded,
      WatermarkStrategy<Decoded<ClockTick>> watermarks) {
    return env.fromSource(
            KafkaTopics.source(
                config,
                job,
                config.get(IocConfig.TOPIC_CLOCK),
                DecodingDeserializer.bounded(
                    job, new ClockDecoder(), DECODED_TICKS, vn.ioc.feed.TimeBounds.of(config)),
                bounded),
            watermarks,
            "ioc.clock")
        .setParallelism(1)
        .uid(job + "-clock-source")
        .name("ioc.clock");
  }

  /** Valid ticks on, refused ones to the dead letters (side output); chained to the source. */
  public static SingleOutputStreamOperator<ClockTick> accept(
      DataStream<Decoded<ClockTick>> ticks, IocConfig config, String job) {
    return AcceptanceGate.acceptAll(
        ticks,
        ClockTick.class,
        job,
        config.get(IocConfig.TOPIC_CLOCK),
        "clock ticks",
        job + "-clock-gate");
  }

  /**
   * The latest event time per instance and watermark of the job's feed ({@code feedTimes}, named
   * {@code feed}) and of the ticks, chained to each: the clock needs the maximum, not a record per
   * event.
   */
  public static DataStream<Long> latestTimes(
      DataStream<Long> feedTimes, String feed, DataStream<ClockTick> ticks, String job) {
    return feedTimes
        .transform("latest " + feed + " time", Types.LONG, new LatestEventTime())
        .uid(job + "-latest-" + feed + "-time")
        .union(
            ticks
                .map(t -> t.at)
                .returns(Types.LONG)
                .uid(job + "-tick-times")
                .name("tick times")
                .transform("latest tick time", Types.LONG, new LatestEventTime())
                .uid(job + "-latest-tick-time"));
  }

  /** Where the clock stops at the end of a bounded run (parallelism 1; see {@link EngineClock}). */
  public static SingleOutputStreamOperator<Long> stop(
      DataStream<Long> latestTimes, long until, String job) {
    return latestTimes
        .transform("engine clock", Types.LONG, new EngineClock(until))
        .setParallelism(1)
        .uid(job + "-engine-clock");
  }
}
