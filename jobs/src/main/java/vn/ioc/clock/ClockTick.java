package vn.ioc.clock;

import vn.ioc.feed.EventTimed;

/**
 * One tick of the engine's clock (topic {@code ioc.clock}): "event time has reached {@link #at}".
 * Ticks move the engine's "now" while the feeds are idle, and they are recorded like any feed, so a
 * replay sees the same ticks. A Flink POJO.
 */
public class ClockTick implements EventTimed {
  /** Epoch milliseconds. */
  public long at;

  /** Who ticks (the launcher's clock, the simulator); the Kafka key. */
  public String source;

  public ClockTick() {}

  public ClockTick(long at, String source) {
    this.at = at;
    this.source = source;
  }

  @Override
  public long eventTime() {
    return at;
  }

  @Override
  public String eventTimeField() {
    return "at";
  }
}
