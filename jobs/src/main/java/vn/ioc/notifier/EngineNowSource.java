package vn.ioc.notifier;

import java.time.Clock;
import vn.ioc.clock.EngineNow;
import vn.ioc.clock.TickFollower;
import vn.ioc.config.IocConfig;
import vn.ioc.kafka.KafkaTopics;

/**
 * The engine's "now" as the notifier knows it (setting {@code clock}): the wall clock, or the
 * newest tick on the clock topic, followed while the notifier runs. Acknowledgements are stamped
 * with it, so an acknowledgement of a simulated day is stamped in that day.
 */
final class EngineNowSource implements AutoCloseable {
  private final EngineNow now;
  private final TickFollower follower;

  private EngineNowSource(EngineNow now, TickFollower follower) {
    this.now = now;
    this.follower = follower;
  }

  static EngineNowSource of(IocConfig config, Clock clock) {
    if (config.get(IocConfig.CLOCK) == vn.ioc.config.ClockKind.WALL)
      return new EngineNowSource(EngineNow.wall(clock), null);
    TickFollower f =
        new TickFollower(
                KafkaTopics.reader(config, "ioc-notifier-clock"), config.get(IocConfig.TOPIC_CLOCK))
            .start();
    return new EngineNowSource(f, f);
  }

  EngineNow get() {
    return now;
  }

  @Override
  public void close() throws InterruptedException {
    if (follower != null) follower.close();
  }
}
