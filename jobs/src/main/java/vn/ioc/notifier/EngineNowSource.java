package vn.ioc.notifier;

import java.time.Clock;
import vn.ioc.clock.EngineNow;
import vn.ioc.clock.TickFollower;
import vn.ioc.config.IocConfig;

/**
 * The engine's "now" as the notifier knows it (setting {@code clock}): the wall clock, or the
 * newest tick on the clock topic, followed while the notifier runs. Acknowledgements are stamped
 * with it, so an acknowledgement of a simulated day is stamped in that day.
 */
final class EngineNowSource implements AutoCloseable {
  private final EngineNow now;

  private EngineNowSource(EngineNow now) {
    this.now = now;
  }

  static EngineNowSource of(IocConfig config, Clock clock) {
    return new EngineNowSource(EngineNow.of(config, clock, "ioc-notifier-clock"));
  }

  EngineNow get() {
    return now;
  }

  @Override
  public void close() throws InterruptedException {
    if (now instanceof TickFollower follower) follower.close();
  }
}
