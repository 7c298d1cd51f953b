package vn.ioc.feed;

/** A record that carries its own event time (epoch milliseconds). */
public interface EventTimed {
  long eventTime();
}
