package vn.ioc.launcher;

import vn.ioc.influx.InfluxSink;
import vn.ioc.influx.InfluxSinkSettings;
import vn.ioc.influx.KafkaDeadLetterHandler;

/** The InfluxDB sink every job writes its indicators with, built from the configuration. */
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
}
