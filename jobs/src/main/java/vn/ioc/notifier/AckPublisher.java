package vn.ioc.notifier;

/**
 * Where confirmed acknowledgements go: Kafka in the service, a list in the tests. {@link #publish}
 * returns once the ack is stored (the broker acknowledged it), so the page that says "recorded"
 * tells the truth.
 */
public interface AckPublisher extends AutoCloseable {
  void publish(vn.ioc.dispatch.Ack ack) throws Exception;

  @Override
  default void close() {}
}
