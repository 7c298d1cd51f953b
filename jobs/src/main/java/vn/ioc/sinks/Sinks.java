package vn.ioc.sinks;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import vn.ioc.config.IocConfig;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetterJson;
import vn.ioc.indicators.IndicatorJson;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxSink;
import vn.ioc.influx.InfluxSinkSettings;
import vn.ioc.influx.KafkaDeadLetterHandler;
import vn.ioc.kafka.KafkaTopics;

/**
 * The sinks every job shares, built from the configuration: indicators (InfluxDB and bus), dead
 * letters.
 */
public final class Sinks {
  private Sinks() {}

  public static InfluxSinkSettings influxSettings(IocConfig config) {
    InfluxSinkSettings.Builder b =
        InfluxSinkSettings.builder(
                config.get(IocConfig.INFLUX_URL), config.get(IocConfig.INFLUX_DB))
            .batchSize(config.get(IocConfig.INFLUX_BATCH_POINTS));
    String user = config.get(IocConfig.INFLUX_USER);
    if (user != null && !user.isEmpty()) b.credentials(user, config.get(IocConfig.INFLUX_PASSWORD));
    String rp = config.get(IocConfig.INFLUX_RETENTION_POLICY);
    if (rp != null && !rp.isEmpty()) b.retentionPolicy(rp);
    return b.build();
  }

  /**
   * Writes indicator updates to InfluxDB and publishes them on the indicator bus. The bus is at
   * least once: an update carries a value, not a delta, so a repeat is harmless to its readers.
   */
  public static void indicators(DataStream<IndicatorUpdate> updates, IocConfig config, String job) {
    indicators(updates, config, job, job);
  }

  /**
   * {@link #indicators(DataStream, IocConfig, String)} for one of several indicator streams of a
   * job, each with its own sinks (uids prefixed {@code prefix}): a stream with its own sinks is
   * chained to them, where a union of streams would be serialized to reach one sink.
   */
  public static void indicators(
      DataStream<IndicatorUpdate> updates, IocConfig config, String job, String prefix) {
    updates
        .map(u -> u.point)
        .uid(prefix + "-points")
        .name("indicator points")
        .sinkTo(influx(config, job))
        .uid(prefix + "-influx")
        .name("InfluxDB");
    String bus = config.get(IocConfig.TOPIC_INDICATORS);
    updates
        .transform(
            "writer marks",
            TypeInformation.of(BusMessage.class),
            new WriterMarks(prefix, () -> KafkaTopics.partitionCount(config, bus)))
        .uid(prefix + "-writer-marks")
        .sinkTo(
            KafkaTopics.sink(
                config,
                job,
                bus,
                new BusRecords(config.get(IocConfig.TIMEZONE)),
                DeliveryGuarantee.AT_LEAST_ONCE))
        .uid(prefix + "-indicator-bus")
        .name("ioc.indicators");
  }

  /**
   * An update: key the series, value {@link IndicatorJson}; a writer's mark: key the writer, value
   * {@link IndicatorJson#encodeMark}, in its partition.
   */
  static final class BusRecords implements KafkaTopics.RecordWriter<BusMessage> {
    private static final long serialVersionUID = 1L;
    private final ZoneId zone;

    BusRecords(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public byte[] key(BusMessage m) {
      return (m.update != null ? m.update.seriesKey() : m.writer).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] value(BusMessage m) {
      return m.update != null
          ? IndicatorJson.encode(m.update, zone)
          : IndicatorJson.encodeMark(m.writer, m.watermark, zone);
    }

    @Override
    public Integer partition(BusMessage m) {
      return m.update != null ? null : m.partition;
    }
  }

  /** Writes points to InfluxDB only (not the indicator bus: alerts are not indicators). */
  public static void points(
      DataStream<vn.ioc.influx.InfluxPoint> points, IocConfig config, String job, String prefix) {
    points.sinkTo(influx(config, job)).uid(prefix + "-influx").name("InfluxDB");
  }

  /** Points InfluxDB refuses (4xx) go to the dead letters of the job. */
  static InfluxSink influx(IocConfig config, String job) {
    return new InfluxSink(
        influxSettings(config),
        new KafkaDeadLetterHandler(
            config.kafkaClientProperties(), config.get(IocConfig.TOPIC_DEADLETTER), job));
  }

  /**
   * The dead-letter topic, exactly once: a restart from a checkpoint does not publish a refusal
   * twice, so counts of dead letters by reason are exact.
   */
  public static KafkaSink<DeadLetter> deadLetters(IocConfig config, String job) {
    return KafkaTopics.sink(
        config,
        job,
        config.get(IocConfig.TOPIC_DEADLETTER),
        new DeadLetterRecords(),
        DeliveryGuarantee.EXACTLY_ONCE);
  }

  /** Key: the original message's key; value: {@link DeadLetterJson}. */
  static final class DeadLetterRecords implements KafkaTopics.RecordWriter<DeadLetter> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] key(DeadLetter d) {
      return d.sourceKey == null ? null : d.sourceKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] value(DeadLetter d) {
      return DeadLetterJson.encode(d);
    }
  }
}
