package vn.ioc.feed;

/** A record that carries its own event time (epoch milliseconds). */
public interface EventTimed {
  long eventTime();

  /** The message field the event time is read from, for a refusal's detail. */
  default String eventTimeField() {
    return "event time";
  }

  /**
   * Remembers the Kafka coordinates and timestamp of the message, for dead letters refused
   * downstream.
   */
  default void sourcedFrom(int partition, long offset, long timestamp) {}
}
