package vn.ioc.clock;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import vn.ioc.feed.ContractViolation;
import vn.ioc.kafka.TopicFollower;

/**
 * A simulated clock's "now": follows the clock topic from its last tick on and keeps the newest
 * valid tick's time ({@link EngineNow}, kind {@code ticks}). Ticks that do not decode are skipped
 * (the jobs dead-letter them). Reads without a consumer group, on a thread of its own.
 */
public final class TickFollower implements EngineNow, AutoCloseable {
  private final ClockDecoder decoder = new ClockDecoder();
  private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
  private final TopicFollower follower;

  public TickFollower(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    this.follower =
        new TopicFollower(
            consumer,
            topic,
            TopicFollower.lastRecord(),
            r -> {
              if (r.value() != null) offer(r.value());
            },
            "engine-clock-follower",
            "no engine time until it can",
            () -> {});
  }

  public TickFollower start() {
    follower.start();
    return this;
  }

  @Override
  public OptionalLong millis() {
    long t = newest.get();
    return t == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(t);
  }

  /** Takes a tick's record: the newest time wins (a tick that goes back changes nothing). */
  void offer(byte[] value) {
    try {
      long at = decoder.decode(value).at;
      newest.accumulateAndGet(at, Math::max);
    } catch (ContractViolation e) {
      // refused by the jobs too; it says nothing of the time
    }
  }

  @Override
  public void close() throws InterruptedException {
    follower.close();
  }
}
