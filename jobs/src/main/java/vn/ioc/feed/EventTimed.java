package vn.ioc.feed;

/** A record that carries its own event time (epoch milliseconds). */
public interface EventTimed {
  long eventTime();

  /**
   * Remembers the Kafka coordinates and timestamp of the message, for dead letters refused
   * downstream.
   */
  default void sourcedFrom(int partition, long offset, long timestamp) {}
}
