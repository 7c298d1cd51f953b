package vn.ioc.clock;

import java.time.Clock;
import java.util.OptionalLong;

/**
 * The engine's "now", one definition for everything that stamps or measures against it (an
 * acknowledgement's time, a silence or rule published through {@code deploy/ioc}, lag figures):
 *
 * <ul>
 *   <li>{@code wall} (production): the wall clock;
 *   <li>{@code ticks} (a simulated clock: the demo, tests): the newest tick on {@code ioc.clock}
 *       ({@link TickFollower}); the tick's record timestamp is the wall-clock moment it matched.
 * </ul>
 *
 * Which of the two the setting {@code clock} chooses: {@link vn.ioc.config.ClockKind}. A record's
 * Kafka timestamp is never engine time: in the demo the two are years apart.
 */
public interface EngineNow {
  /** Epoch milliseconds, or empty while a simulated clock has not ticked yet. */
  OptionalLong millis();

  /** The wall clock. */
  static EngineNow wall(Clock clock) {
    return () -> OptionalLong.of(clock.millis());
  }

  /**
   * The "now" the setting {@code clock} chooses: the wall clock, or a {@link TickFollower} started
   * on the clock topic (an {@link AutoCloseable}: close it when done).
   *
   * @param clientId the Kafka client id of the follower
   */
  static EngineNow of(vn.ioc.config.IocConfig config, Clock clock, String clientId) {
    if (config.get(vn.ioc.config.IocConfig.CLOCK) == vn.ioc.config.ClockKind.WALL)
      return wall(clock);
    return new TickFollower(
            vn.ioc.kafka.KafkaTopics.reader(config, clientId),
            config.get(vn.ioc.config.IocConfig.TOPIC_CLOCK))
        .start();
  }
}
