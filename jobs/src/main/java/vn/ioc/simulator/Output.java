package vn.ioc.simulator;

/**
 * Where a run's messages go: a JSON-lines file ({@link FileOutput}) or Kafka ({@link KafkaOutput}).
 * {@code flush} returns once everything is stored.
 */
interface Output extends AutoCloseable {
  void send(Emission e) throws Exception;

  void flush() throws Exception;

  /**
   * Without a flush: the newest message stored together with every one sent before it, or null;
   * where a run that could not flush may be continued.
   */
  default Emission stored() {
    return null;
  }
}
