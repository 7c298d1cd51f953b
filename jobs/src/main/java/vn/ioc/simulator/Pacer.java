package vn.ioc.simulator;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The simulated clock of a run: holds each message until the clock, running {@code speed} times
 * faster than the wall clock, reaches its arrival, and caps the messages sent per second at {@code
 * rate}. It never sends a message before the wall clock reaches its arrival: a run that catches up
 * with the present goes on in real time, whatever its speed, so no report is stamped in the future.
 */
final class Pacer {
  private final double speed;
  private final double rate;
  private long wallStart = -1;
  private long simStart;
  private final AtomicBoolean stop;
  private long count;

  private final long notBefore;
  private final java.util.function.LongSupplier wallClock;

  Pacer(double speed, double rate, AtomicBoolean stop) {
    this(speed, rate, stop, Long.MIN_VALUE);
  }

  /** Messages arriving before {@code notBefore} (simulated) are due at once. */
  Pacer(double speed, double rate, AtomicBoolean stop, long notBefore) {
    this(speed, rate, stop, notBefore, System::currentTimeMillis);
  }

  /** With {@code wallClock} (epoch ms) for the present. */
  Pacer(
      double speed,
      double rate,
      AtomicBoolean stop,
      long notBefore,
      java.util.function.LongSupplier wallClock) {
    this.speed = speed;
    this.rate = rate;
    this.stop = stop;
    this.notBefore = notBefore;
    this.wallClock = wallClock;
  }

  /** Whether a message arriving at {@code arrival} is due more than a second from now. */
  boolean waitsLong(long arrival) {
    long now = System.nanoTime();
    return due(arrival, now) - now > 1_000_000_000L;
  }

  /** When (System.nanoTime) the next message, arriving at {@code arrival}, is due. */
  private long due(long arrival, long now) {
    if (wallStart < 0) {
      wallStart = now;
      simStart = Math.max(arrival, notBefore);
    }
    long due = wallStart;
    if (speed > 0) due = Math.max(due, wallStart + (long) ((arrival - simStart) * 1e6 / speed));
    if (rate > 0) due = Math.max(due, wallStart + (long) (count * 1e9 / rate));
    long ahead = arrival - wallClock.getAsLong();
    if (ahead > 0) due = Math.max(due, now + ahead * 1_000_000L);
    return due;
  }

  /** False when asked to stop while waiting. */
  boolean await(long arrival) {
    long now = System.nanoTime();
    long due = due(arrival, now);
    count++;
    try {
      while ((now = System.nanoTime()) < due && !stop.get()) {
        long nanos = Math.min(due - now, 100_000_000L);
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
      return !stop.get();
    } catch (InterruptedException e) {
      return false;
    }
  }
}
