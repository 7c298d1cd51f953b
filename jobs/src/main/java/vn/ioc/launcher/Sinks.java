package vn.ioc.launcher;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetterJson;
import vn.ioc.influx.InfluxSink;
import vn.ioc.influx.InfluxSinkSettings;
import vn.ioc.influx.KafkaDeadLetterHandler;
import vn.ioc.kafka.KafkaTopics;

/** The sinks every job shares, built from the configuration: InfluxDB and the dead letters. */
public final class Sinks {
  private Sinks() {}

  public static InfluxSinkSettings influxSettings(IocConfig config) {
    InfluxSinkSettings.Builder b = InfluxSinkSettings.builder(config.get(IocConfig.INFLUX_URL), config.get(IocConfig.INFLUX_DB))
        .batchSize(config.get(IocConfig.INFLUX_BATCH_POINTS));
    String user = config.get(IocConfig.INFLUX_USER);
    if (user != null && !user.isEmpty()) b.credentials(user, config.get(IocConfig.INFLUX_PASSWORD));
    String rp = config.get(IocConfig.INFLUX_RETENTION_POLICY);
    if (rp != null && !rp.isEmpty()) b.retentionPolicy(rp);
    return b.build();
  }

  /** Points InfluxDB refuses (4xx) go to the dead letters of the job. */
  public static InfluxSink influx(IocConfig config, String job) {
    return new InfluxSink(influxSettings(config),
        new KafkaDeadLetterHandler(config.kafkaClientProperties(), config.get(IocConfig.TOPIC_DEADLETTER), job));
  }

  /**
   * The dead-letter topic, exactly once: a restart from a checkpoint does not publish a refusal twice,
   * so counts of dead letters by reason are exact.
   */
  public static KafkaSink<DeadLetter> deadLetters(IocConfig config, String job) {
    return KafkaTopics.sink(config, job, config.get(IocConfig.TOPIC_DEADLETTER), new DeadLetterRecords(),
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
