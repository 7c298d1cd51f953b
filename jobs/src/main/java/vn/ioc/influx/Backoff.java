package vn.ioc.influx;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of {@code min(max,
 * initial·2^(n-1))}. The jitter keeps the writers of all subtasks from hammering a recovering
 * server in step; the lower half-bound keeps the delay growing. A lone sender (the notifier) passes
 * {@code () -> 1.0}: no jitter, the delay is the ceiling.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** The delay before retry number {@code attempt} (1 for the first retry). */
  public long delayMillis(int attempt) {
    long ceiling = initialMillis;
    for (int i = 1; i < attempt && ceiling < maxMillis; i++) ceiling *= 2;
    ceiling = Math.min(ceiling, maxMillis);
    long half = ceiling / 2;
    return half + (long) (random.getAsDouble() * (ceiling - half));
  }

  /** Waits; a fake one makes the tests instant. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }
}
